//! Unit tests of the render stage, and the check that the default theme's
//! templates read only keys the views have.
//!
//! Tera fails on an undefined variable in `{{ }}`, in `{% for %}`, `{% set %}`
//! and in function and filter arguments, but an `{% if %}` (or `{% elif %}`)
//! over an undefined name, or an undefined key of a defined one, is simply
//! false (Tera 2 fails only on a key of an undefined name): a key renamed in a view would
//! empty a spot on a page without an error. So the templates are rendered
//! with a probe before every `if`: for each name its conditions read, the
//! probe records whether it was defined there. A name that was evaluated on
//! some page but defined on none is an error, naming the template and line.
//! (A key a view leaves out on purpose, such as `page.image` on a page
//! without one, is defined on some other page.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::diagnostic::find_name;
use super::{Pass, Renderer, Views, compile_with};
use crate::theme::Theme;

#[test]
fn runtime_errors_are_placed_at_the_first_use_inside_a_tag() {
    let t = "<p>page.x is {{ page.xy }}</p>\n<h1>{{ page.x | upper }}</h1>\n";
    assert_eq!(find_name(t, "page.x"), Some((2, 8)));
    assert_eq!(
        find_name("{% for s in list %}{{ s }}", "list"),
        Some((1, 13))
    );
    assert_eq!(find_name("<p>list</p>", "list"), None);
    assert_eq!(find_name("{{ 标题 }}", "标题"), Some((1, 4)));
}

/// Where a probe stands: template, line, the name it checks.
type ProbeSite = (String, usize, String);

/// What the probes saw: probe → defined on some page; templates reached.
#[derive(Default)]
struct Seen {
    probes: BTreeMap<usize, bool>,
    templates: BTreeSet<String>,
}

/// Words of Tera's expressions that are not names of the context.
const KEYWORDS: &[&str] = &[
    "and", "or", "not", "in", "is", "true", "false", "True", "False",
];

/// The names a condition reads (`page.image`, `s.headline.value`): not
/// filters, tests, functions, keyword arguments, literals or `loop`.
fn condition_names(condition: &str) -> Vec<String> {
    let strings = regex::Regex::new(r#""[^"]*"|'[^']*'|`[^`]*`"#).expect("valid");
    let condition = strings.replace_all(condition, " 0 ");
    let token = regex::Regex::new(
        r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|::|==|!=|<=|>=|[0-9.]+|\S",
    )
    .expect("valid");
    let tokens: Vec<&str> = token.find_iter(&condition).map(|m| m.as_str()).collect();
    let mut names = Vec::new();
    for (i, &t) in tokens.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| tokens[p]);
        let before_prev = i.checked_sub(2).map(|p| tokens[p]);
        let next = tokens.get(i + 1).copied();
        let is_name = t.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && !KEYWORDS.contains(&t)
            && t.split('.').next() != Some("loop")
            && !matches!(prev, Some("|" | "is" | "::"))
            && (prev != Some("not") || before_prev != Some("is"))
            && !matches!(next, Some("(" | "=" | "::"));
        if is_name {
            names.push(t.to_string());
        }
    }
    names
}

/// `text` (template `name`) with a probe before each `if` for every name
/// its conditions (the `elif`s' too) read, and a mark of the template
/// being rendered at its start (or, in a child template, in each block).
fn instrument(name: &str, text: &str, sites: &mut Vec<ProbeSite>) -> String {
    let extends = text.contains("{% extends");
    let reach = format!("{{{{ __bp_reach(name=\"{name}\") }}}}");
    let mut out = if extends {
        String::new()
    } else {
        reach.clone()
    };
    // Open `if`s: where their probes go, and the probes.
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut rest = text;
    let mut raw = false;
    while let Some(start) = rest.find("{%") {
        let Some(len) = rest[start..].find("%}").map(|i| i + 2) else {
            break;
        };
        out.push_str(&rest[..start]);
        let tag = &rest[start..start + len];
        let inner = tag[2..len - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let (word, condition) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let line = text[..text.len() - rest.len() + start]
            .matches('\n')
            .count()
            + 1;
        let mut probes = String::new();
        if matches!(word, "if" | "elif") && !raw {
            for n in condition_names(condition) {
                let id = sites.len();
                sites.push((name.to_string(), line, n.clone()));
                probes.push_str(&format!(
                    "{{% if {n} is defined %}}{{{{ __bp_probe(id={id}, defined=true) }}}}\
                     {{% else %}}{{{{ __bp_probe(id={id}, defined=false) }}}}{{% endif %}}"
                ));
            }
        }
        match word {
            "raw" => raw = true,
            "endraw" => raw = false,
            "if" if !raw => open.push((out.len(), probes)),
            "elif" if !raw => open.last_mut().expect("inside an if").1.push_str(&probes),
            "endif" if !raw => {
                let (at, probes) = open.pop().expect("an if to end");
                out.insert_str(at, &probes);
            }
            _ => {}
        }
        out.push_str(tag);
        if extends && word == "block" {
            out.push_str(&reach);
        }
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

/// Registers the probes' functions; what they see goes into the result.
fn register_probes(tera: &mut tera::Tera, seen: &Arc<Mutex<Seen>>) {
    let probes = Arc::clone(seen);
    tera.register_function("__bp_probe", move |args: tera::Kwargs, _: &tera::State| {
        let id: usize = args.must_get("id").expect("an id");
        let defined: bool = args.must_get("defined").expect("a bool");
        let mut seen = probes.lock().expect("not poisoned");
        *seen.probes.entry(id).or_default() |= defined;
        ""
    });
    let reached = Arc::clone(seen);
    tera.register_function("__bp_reach", move |args: tera::Kwargs, _: &tera::State| {
        let name: String = args.must_get("name").expect("a name");
        reached.lock().expect("not poisoned").templates.insert(name);
        ""
    });
}

/// Renders every page of the portal at `root` with `theme`'s templates
/// instrumented: the render errors (naming the template), and the names
/// that conditions read but no page defined.
fn check_theme(root: &Path, theme: &Theme) -> (Vec<String>, Vec<String>, BTreeSet<String>) {
    let options = crate::Options {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let p = crate::pipeline::prepare(&options, &mut std::time::Instant::now())
        .unwrap_or_else(|e| panic!("the portal loads: {e:#}"));
    let mut sites = Vec::new();
    let instrumented = Theme {
        templates: theme
            .templates
            .iter()
            .map(|(n, (t, o))| (n.clone(), (instrument(n, t, &mut sites), o.clone())))
            .collect(),
        statics: Default::default(),
        strings: theme.strings.clone(),
        wechat_css: None,
    };
    let seen = Arc::new(Mutex::new(Seen::default()));
    let tera = compile_with(&instrumented, &p.stats, |tera| register_probes(tera, &seen))
        .unwrap_or_else(|e| panic!("the templates compile: {}", e[0].message.en));
    // Without the page it happened on, so that each error shows once.
    let message = |d: &crate::error::Diagnostic| {
        let text = d.message.en.split("\n      (while making").next();
        format!("{}:{}: {}", d.path.display(), d.line, text.unwrap_or(""))
    };
    let views = Views::new(&p.site, &instrumented, &tera).unwrap_or_else(|e| {
        panic!(
            "cards render: {}",
            e.iter().map(message).collect::<String>()
        )
    });
    let renderer = Renderer::new(&p.site, &p.stats, &tera, &views);
    // One broken template fails every page that uses it: each error once.
    let errors: BTreeSet<String> = renderer
        .jobs()
        .into_iter()
        .filter_map(|job| renderer.render_job(job).err())
        .map(|d| message(&d))
        .collect();
    let seen = seen.lock().expect("not poisoned");
    let undefined = seen
        .probes
        .iter()
        .filter(|(_, defined)| !**defined)
        .map(|(&id, _)| {
            let (template, line, name) = &sites[id];
            format!("{template}:{line}: `{name}` is read by a condition but no page defines it")
        })
        .collect();
    (
        errors.into_iter().collect(),
        undefined,
        seen.templates.clone(),
    )
}

#[test]
fn every_template_of_the_default_theme_renders_and_reads_only_keys_the_views_have() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("themes/default/templates");
    let on_disk: BTreeSet<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&dir).expect("inside");
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    let config = crate::config::load_config(root).expect("site.yaml loads");
    let theme = crate::theme::load_theme(root, &config).expect("the theme loads");
    let loaded: BTreeSet<String> = theme.templates.keys().cloned().collect();
    assert_eq!(loaded, on_disk, "the demo renders with themes/default");
    let (errors, undefined, reached) = check_theme(root, &theme);
    assert!(errors.is_empty(), "render errors:\n{}", errors.join("\n"));
    assert!(undefined.is_empty(), "{}", undefined.join("\n"));
    let missed: Vec<&String> = on_disk.difference(&reached).collect();
    assert!(missed.is_empty(), "templates no page rendered: {missed:?}");
}

#[test]
fn a_condition_over_a_key_no_view_has_is_found() {
    assert_eq!(
        condition_names(r#"page.type == "home" and not s.headline.value | length > 0"#),
        ["page.type", "s.headline.value"]
    );
    assert_eq!(
        condition_names("x is not defined or loop.last or f(a=b) or m::g()"),
        ["x", "b"]
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = crate::config::load_config(root).expect("site.yaml loads");
    let mut theme = crate::theme::load_theme(root, &config).expect("the theme loads");
    let page = "{% extends \"base.html\" %}{% block content %}\
                {% if site.title %}{% elif page.title_typo %}{% endif %}{% endblock content %}";
    theme
        .templates
        .insert("404.html".into(), (page.into(), "404.html".into()));
    let (errors, undefined, _) = check_theme(root, &theme);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        undefined,
        ["404.html:1: `page.title_typo` is read by a condition but no page defines it"]
    );
}

#[test]
fn a_build_s_two_passes_render_every_page_once_the_sitemap_last() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = crate::Options {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let p = crate::pipeline::prepare(&options, &mut std::time::Instant::now())
        .unwrap_or_else(|e| panic!("the demo loads: {e:#}"));
    let views = Views::new(&p.site, &p.theme, &p.tera).expect("cards render");
    let renderer = Renderer::new(&p.site, &p.stats, &p.tera, &views);
    let paths = |pass: Pass| -> Vec<String> {
        let written = Mutex::new(Vec::new());
        let count = renderer
            .render(pass, &|(path, _)| {
                written.lock().expect("not poisoned").push(path);
                Ok(())
            })
            .expect("the demo renders");
        let mut written = written.into_inner().expect("not poisoned");
        assert_eq!(count, written.len(), "{pass:?} counts what it wrote");
        written.sort();
        written
    };
    let all = paths(Pass::All);
    let bodies = paths(Pass::Bodies);
    let listing = paths(Pass::Listing);
    assert_eq!(listing, ["sitemap.xml"]);
    let mut both: Vec<String> = bodies.iter().chain(&listing).cloned().collect();
    both.sort();
    assert_eq!(both, all, "the passes together are every page, none twice");
    assert!(all.len() > 50, "the demo has its pages: {}", all.len());
}
