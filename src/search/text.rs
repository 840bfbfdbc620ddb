//! How search sees text: folding (case, full-width forms), the two kinds of
//! token (Han characters, which are indexed as single characters and
//! adjacent pairs, and Latin words), and the hash that puts a Han term into
//! its shard. The theme's `search-engine.js` implements the same rules for
//! queries; the oracle test (`tests/browser/oracle.mjs`) holds the two
//! together.

pub use crate::han::is_han;

/// Whether `c` belongs to a Latin word (any letter or digit that is not Han).
pub fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // CJK punctuation and symbols, the commonest non-Han characters of a
    // Chinese text, are never letters: skip Unicode's tables for them.
    !matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20)
        && !is_han(c)
        && c.is_alphanumeric()
}

/// Folds one character: full-width ASCII to ASCII, the ideographic space to
/// a space, then lower case where that is one character.
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_han(c) {
        return c;
    }
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// A token of a text, at its character offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// A Han character at `pos`, and the one after it when that is Han too.
    Han {
        /// Character offset in the text.
        pos: u32,
        /// The character (folded).
        first: char,
        /// The next character, when it is Han.
        next: Option<char>,
    },
    /// A Latin word, folded (its bytes in the caller's buffer).
    Word(&'a str),
}

/// Calls `each` for every token of `text`, in order, with offsets counted
/// from `base`; returns the offset after the text. Latin words are folded
/// into `buf` (reused between calls, so no word allocates).
pub fn tokens(text: &str, base: u32, buf: &mut String, mut each: impl FnMut(Token<'_>)) -> u32 {
    let mut chars = text.chars().map(fold).peekable();
    let mut pos: u32 = base;
    while let Some(c) = chars.next() {
        if is_han(c) {
            let next = chars.peek().copied().filter(|&n| is_han(n));
            each(Token::Han {
                pos,
                first: c,
                next,
            });
        } else if is_word(c) {
            buf.clear();
            buf.push(c);
            while let Some(&n) = chars.peek() {
                if !is_word(n) {
                    break;
                }
                buf.push(n);
                chars.next();
                pos = pos.saturating_add(1);
            }
            each(Token::Word(buf.as_str()));
        }
        pos = pos.saturating_add(1);
    }
    pos
}

/// FNV-1a over the code points of a Han term: the shard a term lives in is
/// this hash modulo the number of shards (a power of two).
pub fn han_hash(first: char, next: Option<char>) -> u32 {
    let h = extend_hash(0x811C_9DC5, first);
    match next {
        Some(n) => extend_hash(h, n),
        None => h,
    }
}

/// One more character of an FNV-1a hash.
pub fn extend_hash(h: u32, c: char) -> u32 {
    (h ^ c as u32).wrapping_mul(0x0100_0193)
}

/// The shard file of a Latin word: the lower-case hex of the UTF-8 bytes of
/// its first two characters (one, for a one-letter word), so that every word
/// sharing a two-letter prefix is in one file and a prefix query reads one.
pub fn word_shard(word: &str) -> String {
    let end = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
    word.as_bytes()[..end]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf = String::new();
        tokens(text, 0, &mut buf, |t| {
            out.push(match t {
                Token::Han { pos, first, next } => {
                    format!(
                        "{pos}:{first}{}",
                        next.map(String::from).unwrap_or_default()
                    )
                }
                Token::Word(w) => format!("w:{w}"),
            })
        });
        out
    }

    #[test]
    fn han_runs_give_characters_and_pairs_at_their_offsets() {
        assert_eq!(all("义诊，志愿"), ["0:义诊", "1:诊", "3:志愿", "4:愿"]);
    }

    #[test]
    fn latin_words_are_folded_whole_words() {
        assert_eq!(
            all("低剂量ＣＴ与IVUS-2023"),
            [
                "0:低剂", "1:剂量", "2:量", "w:ct", "5:与", "w:ivus", "w:2023"
            ]
        );
    }

    #[test]
    fn folding_keeps_one_character_per_character() {
        assert_eq!(fold('Ａ'), 'a');
        assert_eq!(fold('９'), '9');
        assert_eq!(fold('İ'), 'İ');
        assert_eq!(fold('义'), '义');
    }

    #[test]
    fn a_word_shard_is_its_first_two_characters() {
        assert_eq!(word_shard("pacemaker"), "7061");
        assert_eq!(word_shard("x"), "78");
        assert_eq!(word_shard("été"), "c3a974");
    }

    #[test]
    fn the_hash_is_fnv1a_over_code_points() {
        // The same value search-engine.js computes.
        assert_eq!(han_hash('义', Some('诊')), {
            let mut h: u32 = 0x811C_9DC5;
            for c in [0x4E49u32, 0x8BCA] {
                h ^= c;
                h = h.wrapping_mul(0x0100_0193);
            }
            h
        });
    }
}
