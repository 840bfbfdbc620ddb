//! Han and other wide characters, defined once. Three questions are asked
//! of a character, and they differ on purpose:
//!
//! - [`is_han`]: is it Han (Unicode script Han)? Search indexes Han text
//!   as characters and pairs; the theme's engine uses the same ranges.
//! - [`is_ideograph`]: is it a CJK ideograph, the characters autocorrect
//!   spaces from Latin text? Narrower than Han (no radicals, 〇 or 々),
//!   so typography findings match what `check --fix` changes.
//! - [`is_cjk_word`]: is it read as a word of its own? Reading time counts
//!   Han, kana and Hangul this way.
//!
//! And [`char_width`]: the terminal columns a character takes.

/// Whether `c` is a Han character (Unicode script Han: the unified
/// ideographs and their extensions, compatibility ideographs, radicals,
/// 〇 and 々).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF
        | 0x3005
        | 0x3007
        | 0x3021..=0x3029
        | 0x3038..=0x303B
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3134F)
}

/// Whether `c` is a CJK unified or compatibility ideograph (the ones
/// autocorrect puts a space between and Latin text).
pub fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD)
}

/// Whether `c` is a Chinese, Japanese or Korean character read as one word.
pub fn is_cjk_word(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Terminal columns taken by `chars` (CJK and full-width characters take two).
pub fn display_width(chars: impl Iterator<Item = char>) -> usize {
    chars.map(char_width).sum()
}

/// Terminal columns taken by one character.
pub fn char_width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_classes_differ_where_their_uses_do() {
        assert!(is_han('々') && !is_ideograph('々') && !is_cjk_word('々'));
        assert!(is_cjk_word('か') && !is_han('か') && !is_ideograph('か'));
        assert!(is_han('党') && is_ideograph('党') && is_cjk_word('党'));
        assert!(!is_han('a') && !is_ideograph('，'));
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("ab国家".chars()), 6);
        assert_eq!(char_width('，'), 2);
    }
}
