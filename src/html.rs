//! HTML escaping, the one function every writer of HTML shares. A leaf
//! helper: it imports nothing from the crate.

/// Escapes text for HTML: `& < > " '`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(s, &mut out);
    out
}

/// Appends `s`, escaped for HTML, to `out`: the runs between special
/// characters are copied whole (they are ASCII, so a byte scan is exact).
pub fn escape_into(s: &str, out: &mut String) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

/// Writes `s`, escaped for HTML, to `out`: Tera's escape function (Tera's
/// own also escapes `/`, which bloats every URL; quotes and `<>&` suffice).
pub fn escape_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&s.as_bytes()[from..i])?;
        out.write_all(entity)?;
        from = i + 1;
    }
    out.write_all(&s.as_bytes()[from..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        let mut out = Vec::new();
        escape_to(r#"<a href="/x">'&'</a>"#, &mut out).expect("writes");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "&lt;a href=&quot;/x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("党日 & 义诊"), "党日 &amp; 义诊");
        assert_eq!(escape(""), "");
        assert_eq!(escape("无需转义"), "无需转义");
    }
}
