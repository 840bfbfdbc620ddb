//! Line-preserving rewrite of a story file (YAML front matter + Markdown body).
//!
//! The writing desk edits a story through a form; [`merge`] writes the result
//! back so that everything the writer did not touch keeps its exact bytes:
//! line endings, a BOM, comments, blank lines, quoting and key order.
//!
//! Removal rule: in `new`, a key whose value is null, an empty string or an
//! empty list means "remove the key" (unless the file already held that very
//! value, in which case its line is kept as it is). [`compose`] omits such keys too.

use std::fmt::Write as _;
use std::ops::Range;

use crate::yaml::{Mapping, Number, Value};

const BOM: char = '\u{feff}';

/// Rewrites a story file. `original` is the whole file text as read from disk;
/// `old` is its front matter as parsed (a YAML mapping, string keys);
/// `new` is the front matter wanted (same kind of mapping, order = desired order for new keys);
/// `body` is the Markdown body wanted (LF line endings).
/// Returns the new file text.
///
/// Unchanged keys keep their lines, changed keys get freshly emitted blocks in
/// place, removed keys lose their block, new keys go after the last key. When
/// the front matter cannot be edited line-wise (no front matter, a flow
/// mapping, a key of `old` not found at column 0, or a result that would not
/// parse back to `new`), the file is rebuilt with [`compose`], keeping the
/// original's BOM and CRLF style.
pub fn merge(original: &str, old: &Mapping, new: &Mapping, body: &str) -> String {
    let Some(parts) = split_file(original) else {
        return fallback(original, old, new, body);
    };
    if same_map(old, new) {
        let head = &original[..original.len() - parts.body.len()];
        return format!("{head}{}", body_text(&parts, body, parts.eol()));
    }
    merge_lines(&parts, old, new, body).unwrap_or_else(|| fallback(original, old, new, body))
}

/// The text of a new story file: `---\n`, every key of `front` in order, `---\n`, a blank line, then `body` (ending in exactly one '\n' when non-empty).
///
/// Keys whose value means "remove" (null, empty string, empty list) are left
/// out; leading and trailing newlines of `body` are trimmed first.
pub fn compose(front: &Mapping, body: &str) -> String {
    let mut out = String::from("---\n");
    for (k, v) in front.iter().filter(|(_, v)| !is_removal(v)) {
        out.push_str(&entry(&key_text(k), v));
    }
    out.push_str("---\n\n");
    let lf = body.replace("\r\n", "\n");
    let core = lf.trim_matches('\n');
    if !core.is_empty() {
        out.push_str(core);
        out.push('\n');
    }
    out
}

/// One top-level entry as YAML lines (`key: value\n`, or a block for maps/lists), LF endings.
///
/// Scalars go on the key line, lists as a flow list (`tags: [a, b]`), maps as a
/// 2-space indented block, multi-line strings as a `|`/`|-` literal when that
/// reads back exactly (else double-quoted). Deeper nesting is written in flow style.
#[cfg(test)]
fn emit_entry(key: &str, value: &Value) -> String {
    entry(&yaml_scalar(key), value)
}

/// A YAML scalar that reads back as the string `s`: plain when that is safe,
/// double-quoted (JSON escapes are valid YAML) otherwise.
///
/// Beyond the project's original version, it also quotes the characters that
/// YAML treats as line breaks or forbids raw (see `needs_escape`), and leaves
/// dates such as `2024-03-26` plain: YAML 1.2 (yaml_serde) reads them as strings.
pub fn yaml_scalar(s: &str) -> String {
    let first = s.chars().next();
    let risky_start = first.is_none_or(|c| {
        c.is_ascii_digit() || c.is_whitespace() || "-?:,[]{}#&*!|>'\"%@`.+~".contains(c)
    });
    let risky = risky_start
        || s.ends_with(char::is_whitespace)
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || s.contains(['\t', '\n', '\r', '\\'])
        || s.chars().any(needs_escape)
        || ["true", "false", "null", "yes", "no", "on", "off"]
            .contains(&s.to_ascii_lowercase().as_str());
    if risky && !is_plain_date(s) {
        quoted(s)
    } else {
        s.to_string()
    }
}

/// A story file cut at its front-matter fences; every piece borrows `original`.
struct Parts<'a> {
    bom: bool,
    open: &'a str,
    front: Vec<&'a str>,
    close: &'a str,
    body: &'a str,
}

impl Parts<'_> {
    fn eol(&self) -> &'static str {
        if self.open.ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        }
    }
}

/// Splits off the BOM, the `---` fences and the body; `None` without front matter.
fn split_file(text: &str) -> Option<Parts<'_>> {
    let (bom, rest) = text.strip_prefix(BOM).map_or((false, text), |r| (true, r));
    let mut lines = rest.split_inclusive('\n');
    let open = lines.next()?;
    if open.trim_end() != "---" {
        return None;
    }
    let mut front = Vec::new();
    let mut offset = open.len();
    for line in lines {
        offset += line.len();
        if matches!(line.trim_end(), "---" | "...") {
            let body = &rest[offset..];
            return Some(Parts {
                bom,
                open,
                front,
                close: line,
                body,
            });
        }
        front.push(line);
    }
    None
}

/// A run of front-matter lines: a key's block, or one line outside any block.
type Block = (Option<Value>, Range<usize>);

/// Cuts the front-matter lines into key blocks and loose lines.
fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (key, end) = match parse_key_line(lines[i]) {
            Some((key, value)) => (Some(key), block_end(lines, i, is_block_scalar(value))),
            None => (None, i + 1),
        };
        out.push((key, i..end));
        i = end;
    }
    out
}

/// The end (exclusive) of the block whose key line is `lines[start]`.
/// Blank and comment lines belong to it only when continuation lines follow.
fn block_end(lines: &[&str], start: usize, scalar: bool) -> usize {
    let mut end = start + 1;
    for (j, line) in lines.iter().enumerate().skip(start + 1) {
        let t = line.trim();
        let indented = line.starts_with([' ', '\t']);
        let dash = line
            .strip_prefix('-')
            .is_some_and(|r| r.is_empty() || r.starts_with(char::is_whitespace));
        if !t.is_empty() && ((indented && (scalar || !t.starts_with('#'))) || dash) {
            end = j + 1;
        } else if !(t.is_empty() || t.starts_with('#')) {
            break;
        }
    }
    end
}

/// Whether the value part of a key line opens a `|` or `>` block scalar.
fn is_block_scalar(value: &str) -> bool {
    value.trim_start().starts_with(['|', '>'])
}

/// A column-0 `key:` / `key: value` line: the key as YAML reads it, and the text after the colon.
fn parse_key_line(line: &str) -> Option<(Value, &str)> {
    let l = line.trim_end_matches(['\r', '\n']);
    let first = l.chars().next()?;
    let (token, rest) = if first == '"' || first == '\'' {
        // The closing quote is the first candidate that parses and is followed by `:`.
        let ends = l.match_indices(first).skip(1).map(|(i, _)| i + 1);
        let end = ends
            .filter(|&e| l[e..].trim_start().starts_with(':'))
            .find(|&e| crate::yaml::parse::<String>(&l[..e]).is_ok())?;
        (&l[..end], l[end..].trim_start())
    } else if first.is_whitespace() || "#-?:,[]{}&*!|>%@`".contains(first) {
        return None;
    } else {
        let colon = key_colon(l).filter(|&i| !l[..i].contains(" #"))?;
        (l[..colon].trim_end(), &l[colon..])
    };
    let value = rest.strip_prefix(':')?;
    if !(value.is_empty() || value.starts_with([' ', '\t'])) {
        return None;
    }
    let key = crate::yaml::parse::<Value>(token).ok()?;
    Some((key, value))
}

/// Byte index of the first `:` that ends a plain key (followed by a blank or the line end).
fn key_colon(l: &str) -> Option<usize> {
    let ends_key = |i: usize| matches!(l.as_bytes().get(i + 1), None | Some(b' ' | b'\t'));
    l.match_indices(':').map(|(i, _)| i).find(|&i| ends_key(i))
}

/// The line-wise merge; `None` when it cannot be done safely.
fn merge_lines(parts: &Parts, old: &Mapping, new: &Mapping, body: &str) -> Option<String> {
    let blocks = blocks(&parts.front);
    let mut seen: Vec<&Value> = Vec::new();
    for key in blocks.iter().filter_map(|b| b.0.as_ref()) {
        if !old.contains_key(key) || seen.contains(&key) {
            return None;
        }
        seen.push(key);
    }
    if seen.len() != old.len() {
        return None;
    }
    let eol = parts.eol();
    let last_key = blocks.iter().rposition(|b| b.0.is_some());
    let mut out = String::new();
    if parts.bom {
        out.push(BOM);
    }
    out.push_str(parts.open);
    for (i, (key, range)) in blocks.iter().enumerate() {
        let original: String = parts.front[range.clone()].concat();
        match key {
            Some(key) => out.push_str(&merged_block(key, original, old, new, eol)),
            None => out.push_str(&original),
        }
        if Some(i) == last_key {
            out.push_str(&added_keys(old, new, eol));
        }
    }
    if last_key.is_none() {
        out.push_str(&added_keys(old, new, eol));
    }
    out.push_str(parts.close);
    out.push_str(&body_text(parts, body, eol));
    parses_as_wanted(&out, old, new).then_some(out)
}

/// The text of one existing key's block after the merge.
fn merged_block(key: &Value, original: String, old: &Mapping, new: &Mapping, eol: &str) -> String {
    match (old.get(key), new.get(key)) {
        (Some(a), Some(b)) if same(a, b) => original,
        (_, None) => String::new(),
        (_, Some(v)) if is_removal(v) => String::new(),
        (_, Some(v)) => entry(&key_text(key), v).replace('\n', eol),
    }
}

/// Entries of keys new in `new`, in its order.
fn added_keys(old: &Mapping, new: &Mapping, eol: &str) -> String {
    let fresh = new
        .iter()
        .filter(|(k, v)| !old.contains_key(*k) && !is_removal(v));
    fresh
        .map(|(k, v)| entry(&key_text(k), v))
        .collect::<String>()
        .replace('\n', eol)
}

/// Safety net: the merged front matter must read back as what was asked for.
fn parses_as_wanted(text: &str, old: &Mapping, new: &Mapping) -> bool {
    let Some(parts) = split_file(text) else {
        return false;
    };
    let got = match crate::yaml::parse::<Value>(&parts.front.concat()) {
        Ok(Value::Null) => Mapping::new(),
        Ok(Value::Mapping(m)) => m,
        _ => return false,
    };
    let wanted: Mapping = new
        .iter()
        .filter(|(k, v)| !is_removal(v) || old.get(*k).is_some_and(|o| same(o, v)))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    same_map(&got, &wanted)
}

/// The file rebuilt by [`compose`], in the original's BOM and line-ending style.
fn fallback(original: &str, old: &Mapping, new: &Mapping, body: &str) -> String {
    let text = original.strip_prefix(BOM).unwrap_or(original);
    let old_body = split_file(original).map_or(text, |p| p.body);
    if same_map(old, new) && core(old_body) == core(body) {
        return original.to_string();
    }
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let out = compose(new, body).replace('\n', eol);
    if text.len() < original.len() {
        format!("{BOM}{out}")
    } else {
        out
    }
}

/// The body text to write after the closing fence.
/// Same text (ignoring CRLF and leading/trailing newlines) ⇒ the original bytes.
fn body_text(parts: &Parts, body: &str, eol: &str) -> String {
    let old_body = parts.body;
    let new_core = core(body);
    if core(old_body) == new_core {
        return old_body.to_string();
    }
    let old_lf = old_body.replace("\r\n", "\n");
    let rest = old_lf.trim_start_matches('\n');
    let lead = old_lf.len() - rest.len();
    let trail = rest.len() - rest.trim_end_matches('\n').len();
    let mut out = String::new();
    if !parts.close.ends_with('\n') {
        out.push('\n');
    }
    // The separator the file had; a blank line when it had no body yet.
    let lead = if rest.is_empty() { lead.max(1) } else { lead };
    out.push_str(&"\n".repeat(lead));
    if !new_core.is_empty() {
        out.push_str(&new_core);
        out.push_str(&"\n".repeat(trail.max(1)));
    }
    out.replace('\n', eol)
}

/// A body with LF endings and without leading or trailing newlines.
fn core(body: &str) -> String {
    body.replace("\r\n", "\n").trim_matches('\n').to_string()
}

/// Null, an empty string or an empty list: "remove this key".
fn is_removal(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Sequence(s) => s.is_empty(),
        _ => false,
    }
}

/// Value equality as the rewrite sees it: numbers compared numerically
/// (1 == 1.0), mappings in any order. The desk's three-way merge compares
/// fields with it, so what it calls unchanged is what keeps its lines.
pub fn same_value(a: &Value, b: &Value) -> bool {
    same(a, b)
}

/// Value equality with numbers compared numerically (1 == 1.0, i64 == u64).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => same_number(x, y),
        (Value::Sequence(x), Value::Sequence(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Mapping(x), Value::Mapping(y)) => same_map(x, y),
        (Value::Tagged(x), Value::Tagged(y)) => x.tag == y.tag && same(&x.value, &y.value),
        _ => a == b,
    }
}

/// [`same_value`] for mappings: same keys, same values, any order.
pub fn same_map(x: &Mapping, y: &Mapping) -> bool {
    x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
}

fn same_number(x: &Number, y: &Number) -> bool {
    let int = |n: &Number| n.as_i64().map(i128::from).or(n.as_u64().map(i128::from));
    if let (Some(a), Some(b)) = (int(x), int(y)) {
        return a == b;
    }
    let (a, b) = (x.as_f64(), y.as_f64());
    a == b || (a.is_some_and(f64::is_nan) && b.is_some_and(f64::is_nan))
}

/// One entry whose key is already YAML text.
fn entry(key: &str, value: &Value) -> String {
    match value {
        Value::String(s) if s.contains('\n') => literal(key, s),
        Value::Mapping(m) if !m.is_empty() => {
            let mut out = format!("{key}:\n");
            for (k, v) in m {
                let _ = writeln!(out, "  {}: {}", key_text(k), inline(v));
            }
            out
        }
        _ => format!("{key}: {}\n", inline(value)),
    }
}

/// A mapping key as YAML text.
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => yaml_scalar(s),
        other => flow(other),
    }
}

/// A value on one line in block context.
fn inline(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => yaml_scalar(s),
        Value::Sequence(_) | Value::Mapping(_) => flow(v),
        Value::Tagged(t) => format!("{} {}", t.tag, flow(&t.value)),
    }
}

/// A value in flow style (`[a, b]`, `{k: v}`), valid inside other flow collections.
fn flow(v: &Value) -> String {
    match v {
        Value::String(s) => flow_scalar(s),
        Value::Sequence(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Mapping(m) => {
            let pairs: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", flow(k), flow(v)))
                .collect();
            format!("{{{}}}", pairs.join(", "))
        }
        Value::Tagged(t) => format!("{} {}", t.tag, flow(&t.value)),
        other => inline(other),
    }
}

/// [`yaml_scalar`], also quoting what flow context reads as structure.
fn flow_scalar(s: &str) -> String {
    let text = yaml_scalar(s);
    let plain = !text.starts_with('"');
    if plain && s.contains([',', '[', ']', '{', '}', ':']) {
        quoted(s)
    } else {
        text
    }
}

/// `YYYY-MM-DD`, optionally followed by a time such as `T10:00:00+08:00`.
fn is_plain_date(s: &str) -> bool {
    let pattern = b"0000-00-00";
    let digit_or_dash = |(c, p): (&u8, &u8)| {
        if *p == b'-' {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    };
    let date = s.len() >= 10 && s.as_bytes().iter().zip(pattern).all(digit_or_dash);
    let time = |t: &str| {
        t.starts_with(['T', 't', ' '])
            && t[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || ":.+-Zz".contains(c))
            && !t.ends_with([':', ' '])
    };
    date && s.get(10..).is_some_and(|t| t.is_empty() || time(t))
}

/// A multi-line string as a `|` / `|-` literal block, or double-quoted when a
/// literal could not read back exactly.
fn literal(key: &str, s: &str) -> String {
    let content = s.strip_suffix('\n').unwrap_or(s);
    let ok = !content.ends_with('\n')
        && !s.starts_with(char::is_whitespace)
        && !s.chars().any(|c| c != '\n' && c != '\t' && needs_escape(c));
    if !ok {
        return format!("{key}: {}\n", quoted(s));
    }
    let chomp = if s.ends_with('\n') { "" } else { "-" };
    let mut out = format!("{key}: |{chomp}\n");
    for line in content.split('\n') {
        if !line.is_empty() {
            out.push_str("  ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Characters YAML must not see raw in a scalar: controls, line separators, BOM, non-characters.
fn needs_escape(c: char) -> bool {
    c.is_control() || "\u{2028}\u{2029}\u{feff}\u{fffe}\u{ffff}".contains(c)
}

/// A double-quoted scalar: JSON string syntax with the remaining risky characters `\u`-escaped.
fn quoted(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_default();
    let escape = |c: char| {
        if needs_escape(c) {
            format!("\\u{:04x}", c as u32)
        } else {
            c.to_string()
        }
    };
    json.chars().map(escape).collect()
}

#[cfg(test)]
mod tests;
