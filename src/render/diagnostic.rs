//! Where a template error is: Tera's message chain, and the file, line and
//! column it points to (or, where Tera does not say, the first use of the
//! name it complains about).

use crate::error::{Code, Diagnostic, Text};

use super::guard;
use super::renderer::Views;

/// A Tera error's whole chain of messages, one per line.
fn error_chain(e: &tera::Error) -> String {
    let mut chain = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    chain.join("\n      ")
}

/// Line and column (1-based, in characters) of the first `needle` in `text`.
fn find_text(text: &str, needle: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(n, line)| {
        let i = line.find(needle)?;
        Some((n + 1, line[..i].chars().count() + 1))
    })
}

/// Line and column (1-based, in characters) of the first use of `name` as
/// a whole word inside a `{{ }}` or `{% %}` tag of a template.
pub(super) fn find_name(text: &str, name: &str) -> Option<(usize, usize)> {
    if name.is_empty() {
        return None;
    }
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    for (n, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(i) = line[from..].find(name).map(|i| i + from) {
            let in_tag = in_tag(&line[..i]);
            let before = line[..i].chars().next_back();
            let after = line[i + name.len()..].chars().next();
            if in_tag && !before.is_some_and(word) && !after.is_some_and(word) {
                return Some((n + 1, line[..i].chars().count() + 1));
            }
            from = i + name.len();
        }
    }
    None
}

/// Whether the end of `head` (a line up to a match) is inside a template
/// tag: its last opener comes after its last closer.
fn in_tag(head: &str) -> bool {
    let open = ["{{", "{%"].iter().filter_map(|t| head.rfind(t)).max();
    let close = ["}}", "%}"].iter().filter_map(|t| head.rfind(t)).max();
    match (open, close) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// A Tera error, with its whole chain (which carries the line and column).
pub(super) fn template_diagnostic(origin: &str, e: &tera::Error) -> Diagnostic {
    let detail = error_chain(e);
    let d = Diagnostic::error(
        Code::Template,
        origin,
        Text::new(
            format!("模板错误：{detail}"),
            format!("template error: {detail}"),
        ),
    );
    // Tera's parse errors carry the position as ` --> line:column`.
    let position = detail.split("--> ").nth(1).and_then(|rest| {
        let end = rest
            .find(|c: char| !c.is_ascii_digit() && c != ':')
            .unwrap_or(rest.len());
        let (line, column) = rest[..end].split_once(':')?;
        Some((line.parse().ok()?, column.parse().ok()?))
    });
    match position {
        Some((line, column)) => d.at(line, column),
        None => d,
    }
}

impl Views {
    /// A render error of `template` (for output `path`), placed where Tera
    /// does not say: at the first use of the name it complains about, in
    /// the template it was rendering (which may be a parent or a partial),
    /// or, for endless recursion, at the macro's definition.
    pub(super) fn render_diagnostic(
        &self,
        template: &str,
        path: Option<&str>,
        e: &tera::Error,
    ) -> Diagnostic {
        let detail = error_chain(e);
        let rendering = detail
            .rsplit("while rendering '")
            .next()
            .filter(|_| detail.contains("while rendering '"))
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or(template);
        let name = detail
            .rsplit_once('`')
            .and_then(|(head, _)| head.rsplit_once('`'))
            .map(|(_, name)| name);
        let definition = name
            .filter(|_| detail.contains(guard::TOO_DEEP))
            .and_then(|name| {
                let needle = format!("macro {name}(");
                self.origins
                    .values()
                    .find_map(|(origin, text)| Some((origin.as_str(), find_text(text, &needle)?)))
            });
        let (origin, place) = match (
            definition,
            self.origins.get(rendering).or(self.origins.get(template)),
        ) {
            (Some((origin, place)), _) => (origin, Some(place)),
            (None, Some((origin, text))) => {
                (origin.as_str(), name.and_then(|n| find_name(text, n)))
            }
            (None, None) => (template, None),
        };
        let mut d = template_diagnostic(origin, e);
        if let Some(path) = path {
            d.message
                .zh
                .push_str(&format!("\n      （生成 /{path} 时）"));
            d.message
                .en
                .push_str(&format!("\n      (while making /{path})"));
        }
        match place {
            Some((line, column)) if d.line == 0 => d.at(line, column),
            _ => d,
        }
    }
}
