//! Where a template error is: Tera's message, and the file, line and
//! column its span points to (or, where Tera gives none, the first use of
//! the name it complains about, or the component that calls itself).

use tera::ErrorKind;

use crate::error::{Code, Diagnostic, Text};
use crate::theme::Theme;

use super::renderer::Views;

/// Tera's words when components nest deeper than it allows.
const TOO_DEEP: &str = "recursion depth for components exceeded";

/// How deep Tera 2 lets components call components.
const MAX_COMPONENT_DEPTH: usize = 20;

/// A Tera error's message (without Tera's own drawing of the source, which
/// the diagnostic shows its own way), then its sources, one per line.
fn error_chain(e: &tera::Error) -> String {
    let mut chain = vec![match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => r.message().to_string(),
        _ => e.to_string(),
    }];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    chain.join("\n      ")
}

/// The template a Tera error points into, and the line and column (1-based).
fn report_place(e: &tera::Error) -> Option<(&str, usize, usize)> {
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            Some((r.filename(), span.start_line, span.start_col + 1))
        }
        _ => None,
    }
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

/// The first component of `text` that calls itself: its name, and the line
/// and column (1-based) of its `{% component`.
fn self_calling_component(text: &str) -> Option<(String, usize, usize)> {
    let mut from = 0;
    while let Some(i) = text[from..].find("{%").map(|i| i + from) {
        from = i + 2;
        let inner = text[from..].trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        let Some(head) = inner.strip_prefix("component") else {
            continue;
        };
        let name: String = head
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || c == &'_' || c == &'.')
            .collect();
        let body_end = text[from..]
            .find("endcomponent")
            .map_or(text.len(), |e| e + from);
        if !name.is_empty() && text[from..body_end].contains(&format!("<{name}")) {
            let line = text[..i].matches('\n').count() + 1;
            let column = text[..i].rsplit('\n').next().unwrap_or("").chars().count() + 1;
            return Some((name, line, column));
        }
    }
    None
}

/// A Tera error in the file `origin`, at the place its span gives.
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
    match report_place(e) {
        Some((_, line, column)) => d.at(line, column),
        None => d,
    }
}

/// A compile error of the theme's templates, in the file Tera names.
pub(super) fn compile_diagnostic(theme: &Theme, e: &tera::Error) -> Diagnostic {
    let text = e.to_string();
    // Tera joins the reports of unknown filters and functions into one
    // message: the first one's ` --> name:line:column`.
    let pointed = text.split("--> ").nth(1).and_then(|rest| {
        let mut parts = rest.lines().next()?.rsplitn(3, ':');
        let column: usize = parts.next()?.trim().parse().ok()?;
        let line: usize = parts.next()?.parse().ok()?;
        Some((parts.next()?, line, column))
    });
    let named = report_place(e).or(pointed);
    let origin = theme
        .templates
        .iter()
        .find(|(n, _)| named.map_or_else(|| text.contains(n.as_str()), |m| m.0 == n.as_str()))
        .map(|(_, (_, o))| o.as_str());
    let d = template_diagnostic(origin.unwrap_or("themes"), e);
    match named {
        Some((_, line, column)) if d.line == 0 => d.at(line, column),
        _ => d,
    }
}

impl Views {
    /// A render error of `template` (for output `path`), placed where Tera's
    /// span says (in the template it was rendering, which may be a parent
    /// or a partial), else at the first use of the name it complains about,
    /// or, for endless recursion, at the component that calls itself.
    pub(super) fn render_diagnostic(
        &self,
        template: &str,
        path: Option<&str>,
        e: &tera::Error,
    ) -> Diagnostic {
        let detail = error_chain(e);
        let rendering = report_place(e).map_or(template, |(name, _, _)| name);
        let name = detail
            .rsplit_once('`')
            .and_then(|(head, _)| head.rsplit_once('`'))
            .map(|(_, name)| name);
        let recursion = detail
            .contains(TOO_DEEP)
            .then(|| {
                self.origins.values().find_map(|(origin, text)| {
                    self_calling_component(text).map(|(n, l, c)| (origin.as_str(), n, (l, c)))
                })
            })
            .flatten();
        let (origin, place) = match (
            recursion.clone(),
            self.origins.get(rendering).or(self.origins.get(template)),
        ) {
            (Some((origin, _, place)), _) => (origin, Some(place)),
            (None, Some((origin, text))) => {
                (origin.as_str(), name.and_then(|n| find_name(text, n)))
            }
            (None, None) => (template, None),
        };
        let mut d = template_diagnostic(origin, e);
        if let Some((_, component, _)) = recursion {
            d.message.zh.push_str(&format!(
                "\n      组件 `{component}` 嵌套调用超过 {MAX_COMPONENT_DEPTH} 层，是否无限递归？"
            ));
            d.message.en.push_str(&format!(
                "\n      component `{component}` calls nested more than {MAX_COMPONENT_DEPTH} deep: endless recursion?"
            ));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `page` with the component file `components`.
    fn render(components: &str, page: &str, limit: i64) -> tera::TeraResult<String> {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates([("c.html", components), ("p.html", page)])?;
        let mut ctx = tera::Context::new();
        ctx.insert("limit", &limit);
        tera.render("p.html", &ctx)
    }

    #[test]
    fn endless_component_recursion_is_an_error_at_the_component_and_bounded_recursion_works() {
        let components = "<p>\n  {%- component m(n, limit) %}{% if n < limit %}{{ <m n={n + 1} limit={limit} /> }}{% endif %}.{% endcomponent m %}";
        let page = "{{ <m n={1} limit={limit} /> }}";
        assert_eq!(render(components, page, 5).unwrap(), ".".repeat(5));
        let e = render(components, page, 1_000_000).unwrap_err();
        assert!(error_chain(&e).contains(TOO_DEEP), "{}", error_chain(&e));
        assert_eq!(
            self_calling_component(components),
            Some(("m".to_string(), 2, 3))
        );
        assert_eq!(
            self_calling_component("{% component a() %}<b>{% endcomponent a %}"),
            None
        );
    }
}
