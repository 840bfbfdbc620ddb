//! A depth limit on macro calls. Tera recurses on the native stack, so a
//! theme macro that calls itself without end would overflow it and abort
//! the whole process. Each macro body gets a call to `__bp_enter` at its
//! start and `__bp_leave` at its end (on the same line, so line numbers
//! stay); past [`MAX_MACRO_DEPTH`] nested calls the render fails with an
//! error naming the macro.

use std::cell::Cell;
use std::collections::HashMap;

use serde_json::Value;
use tera::Tera;

/// Nested macro calls allowed; a menu or tree needs a handful.
pub const MAX_MACRO_DEPTH: usize = 100;

/// The words of the error, for finding it in a chain.
pub const TOO_DEEP: &str = "calls nested more than";

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Registers the guard functions.
pub fn register(tera: &mut Tera) {
    tera.register_function("__bp_enter", |args: &HashMap<String, Value>| {
        let depth = DEPTH.with(|d| {
            d.set(d.get() + 1);
            d.get()
        });
        if depth > MAX_MACRO_DEPTH {
            let name = args.get("name").and_then(Value::as_str).unwrap_or("?");
            return Err(tera::Error::msg(format!(
                "macro `{name}` {TOO_DEEP} {MAX_MACRO_DEPTH} deep: endless recursion? \
                 (宏 `{name}` 嵌套调用超过 {MAX_MACRO_DEPTH} 层，是否无限递归？)"
            )));
        }
        Ok(Value::String(String::new()))
    });
    tera.register_function("__bp_leave", |_: &HashMap<String, Value>| {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
        Ok(Value::String(String::new()))
    });
}

/// Renders `template`, starting from depth 0 (a failed render may have
/// left the count up).
pub fn render(tera: &Tera, template: &str, context: &tera::Context) -> tera::Result<String> {
    DEPTH.with(|d| d.set(0));
    tera.render(template, context)
}

/// `text` with the guard calls put into every macro body. Whitespace
/// control is carried over, so the output is unchanged.
pub fn instrument(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut raw = false;
    while let Some(start) = rest.find("{%") {
        let Some(len) = rest[start..].find("%}").map(|i| i + 2) else {
            break;
        };
        let tag = &rest[start..start + len];
        let inner = tag[2..len - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let word = inner
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .next();
        out.push_str(&rest[..start]);
        match word {
            Some("raw") => raw = true,
            Some("endraw") => raw = false,
            _ => {}
        }
        match word {
            Some("macro") if !raw => {
                let name = inner["macro".len()..]
                    .split('(')
                    .next()
                    .unwrap_or_default()
                    .trim();
                out.push_str(tag);
                let trim = if tag.ends_with("-%}") { "-" } else { "" };
                out.push_str(&format!("{{{{ __bp_enter(name=\"{name}\") {trim}}}}}"));
            }
            Some("endmacro") if !raw => {
                let trim = if tag.starts_with("{%-") { "-" } else { "" };
                out.push_str(&format!("{{{{{trim} __bp_leave() }}}}"));
                out.push_str(tag);
            }
            _ => out.push_str(tag),
        }
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_bodies_get_the_guard_and_keep_their_whitespace() {
        let t = "{% macro a(n) %}x{% endmacro a %}\n{%- macro b() -%} y {%- endmacro -%}";
        assert_eq!(
            instrument(t),
            "{% macro a(n) %}{{ __bp_enter(name=\"a\") }}x{{ __bp_leave() }}{% endmacro a %}\n\
             {%- macro b() -%}{{ __bp_enter(name=\"b\") -}} y {{- __bp_leave() }}{%- endmacro -%}"
        );
        let raw = "{% raw %}{% macro c() %}{% endraw %}";
        assert_eq!(instrument(raw), raw);
    }

    #[test]
    fn instrumented_macros_render_the_same() {
        let macros = "{% macro a(n) %}\n  <b>{{ n }}</b>\n{% endmacro a %}\n{%- macro b(n) -%}\n  <i>{{ n }}</i>\n{%- endmacro b -%}";
        let page = "{% import \"m.html\" as m %}[{{ m::a(n=1) }}] [{{ m::b(n=2) }}]";
        let out = |macros: String| {
            let mut tera = Tera::default();
            register(&mut tera);
            tera.add_raw_templates(vec![("m.html", macros), ("p.html", page.to_string())])
                .unwrap();
            render(&tera, "p.html", &tera::Context::new()).unwrap()
        };
        assert_eq!(out(instrument(macros)), out(macros.to_string()));
    }

    #[test]
    fn endless_recursion_is_an_error_and_bounded_recursion_works() {
        let mut tera = Tera::default();
        register(&mut tera);
        let macros = "{% macro m(n) %}{% if n < limit %}{{ self::m(n=n+1, limit=limit) }}{% endif %}.{% endmacro m %}";
        tera.add_raw_templates(vec![
            ("macros.html", instrument(macros)),
            (
                "page.html",
                "{% import \"macros.html\" as x %}{{ x::m(n=1, limit=limit) }}".to_string(),
            ),
        ])
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("limit", &50);
        assert_eq!(render(&tera, "page.html", &ctx).unwrap(), ".".repeat(50));
        ctx.insert("limit", &1_000_000);
        let e = render(&tera, "page.html", &ctx).unwrap_err();
        let mut chain = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            chain.push_str(&s.to_string());
            source = s.source();
        }
        assert!(
            chain.contains("macro `m` calls nested more than 100 deep"),
            "{chain}"
        );
        // The count starts again for the next page.
        ctx.insert("limit", &50);
        assert!(render(&tera, "page.html", &ctx).is_ok());
    }
}
