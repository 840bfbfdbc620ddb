//! The documentation: README.md (the front door) and the chapters in
//! `docs/`. The table of diagnostic codes in docs/codes.md is generated from
//! `Code` (src/error/codes.rs) and must match it; every relative link and
//! `#anchor` must lead somewhere; the README keeps the test command that
//! `.ci/run` runs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use branchpress::error::{Code, Severity};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

const BEGIN: &str = "<!-- codes:begin";
const END: &str = "<!-- codes:end -->";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The table of codes as docs/codes.md holds it between its markers.
fn codes_table() -> String {
    let mut table = String::from("| Code | Severity | What | Example |\n|---|---|---|---|\n");
    for &code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        table.push_str(&format!(
            "| `{code}` | {severity} | {} | {} |\n",
            code.description(),
            code_span(code.example())
        ));
    }
    table
}

/// `text` as Markdown inline code, fenced by more backticks when it has some.
fn code_span(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// docs/codes.md lists every code as `Code` describes it. With
/// `BRANCHPRESS_BLESS=1` the test writes the table instead of failing.
#[test]
fn the_table_of_codes_is_generated_from_the_code() {
    let path = repo().join("docs/codes.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find(BEGIN)
        .expect("docs/codes.md lost its codes:begin marker");
    let start = start + text[start..].find('\n').unwrap() + 1;
    let end = text
        .find(END)
        .expect("docs/codes.md lost its codes:end marker");
    let (current, wanted) = (&text[start..end], codes_table());
    if current == wanted {
        return;
    }
    if std::env::var_os("BRANCHPRESS_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, format!("{}{wanted}{}", &text[..start], &text[end..])).unwrap();
        return;
    }
    let old: BTreeSet<&str> = current.lines().collect();
    let new: BTreeSet<&str> = wanted.lines().collect();
    let mut stale = String::new();
    for line in current.lines().filter(|l| !new.contains(l)) {
        stale.push_str(&format!("- {line}\n"));
    }
    for line in wanted.lines().filter(|l| !old.contains(l)) {
        stale.push_str(&format!("+ {line}\n"));
    }
    if stale.is_empty() {
        stale.push_str("(same lines, in another order)\n");
    }
    panic!(
        "docs/codes.md is stale: its table of codes differs from src/error/codes.rs \
         (- in the file, + from the code):\n{stale}\
         Regenerate it with: BRANCHPRESS_BLESS=1 cargo test --locked docs::"
    );
}

/// README.md, ARCHITECTURE.md and every Markdown file under docs/.
fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![repo().join("README.md"), repo().join("ARCHITECTURE.md")];
    for entry in walkdir::WalkDir::new(repo().join("docs"))
        .sort_by_file_name()
        .follow_links(true)
    {
        let entry = entry.unwrap();
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            files.push(entry.into_path());
        }
    }
    files
}

fn options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// The anchors GitHub gives the headings of a Markdown text (and the `id`
/// and `name` of its HTML): lower case, punctuation dropped, spaces as
/// hyphens, `-1`, `-2` … after repeats.
fn anchors(markdown: &str) -> BTreeSet<String> {
    let html_id = regex::Regex::new(r#"\s(?:id|name)="([^"]+)""#).unwrap();
    let mut anchors = BTreeSet::new();
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                heading.as_mut().unwrap().push_str(&t)
            }
            Event::End(TagEnd::Heading(_)) => {
                let slug = slug(&heading.take().unwrap());
                let mut anchor = slug.clone();
                let mut n = 0;
                while anchors.contains(&anchor) {
                    n += 1;
                    anchor = format!("{slug}-{n}");
                }
                anchors.insert(anchor);
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                for c in html_id.captures_iter(&h) {
                    anchors.insert(c[1].to_string());
                }
            }
            _ => {}
        }
    }
    anchors
}

/// A heading's GitHub anchor.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|&c| c.is_alphanumeric() || c == '-' || c == '_' || c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// `%E5%86%99` → 写.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The targets of a text's links and images, Markdown and HTML, with the
/// line each is on.
fn links(markdown: &str) -> Vec<(usize, String)> {
    let html_link = regex::Regex::new(r#"\s(?:href|src)="([^"]+)""#).unwrap();
    let line = |offset: usize| markdown[..offset].matches('\n').count() + 1;
    let mut links = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push((line(range.start), dest_url.to_string()))
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                for c in html_link.captures_iter(&h) {
                    links.push((line(range.start), c[1].to_string()));
                }
            }
            _ => {}
        }
    }
    links
}

/// Every relative link of README.md and docs/ names a file that exists, and
/// its `#anchor`, if any, a heading of that file.
#[test]
fn every_relative_link_in_the_docs_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(repo()).unwrap().display().to_string();
        for (line, link) in links(&text) {
            let is_url = link
                .split_once(':')
                .is_some_and(|(scheme, _)| scheme.chars().all(|c| c.is_ascii_alphanumeric()));
            if is_url || link.starts_with('/') || link.starts_with("//") {
                continue;
            }
            checked += 1;
            let (path, anchor) = match link.split_once('#') {
                Some((p, a)) => (p, Some(percent_decode(a))),
                None => (link.as_str(), None),
            };
            let target = if path.is_empty() {
                file.clone()
            } else {
                file.parent().unwrap().join(percent_decode(path))
            };
            if !target.exists() {
                broken.push(format!("{name}:{line}: {link}: no such file"));
                continue;
            }
            let Some(anchor) = anchor else { continue };
            let is_markdown = target.extension().is_some_and(|e| e == "md");
            let found = is_markdown
                && anchors(&std::fs::read_to_string(&target).unwrap()).contains(&anchor);
            if !found {
                broken.push(format!("{name}:{line}: {link}: no heading gives #{anchor}"));
            }
        }
    }
    assert!(checked > 20, "only {checked} relative links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// `.ci/run` runs the code block after the line with `ci:test` in README.md.
#[test]
fn the_readme_keeps_the_test_command_ci_runs() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let after = readme
        .split_once("ci:test")
        .expect("README.md lost its ci:test marker")
        .1;
    let block = after
        .split_once("\n```")
        .and_then(|(_, rest)| rest.split_once('\n'))
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .map(|(block, _)| block)
        .expect("no code block after the ci:test marker");
    assert!(block.trim_start().starts_with("scripts/test.sh"), "{block}");
}

/// The anchors are GitHub's.
#[test]
fn headings_give_github_anchors() {
    let text = "# Codes\n## What matches (the contract)\n## 在浏览器中写稿（写作台）\n## `serve`: Speed\n## Codes\n";
    let anchors = anchors(text);
    for a in [
        "codes",
        "what-matches-the-contract",
        "在浏览器中写稿写作台",
        "serve-speed",
        "codes-1",
    ] {
        assert!(anchors.contains(a), "{a} not in {anchors:?}");
    }
}

/// docs/README.md, the index, links every chapter in docs/.
#[test]
fn the_index_lists_every_chapter() {
    let index_path = repo().join("docs/README.md");
    let index = std::fs::read_to_string(&index_path).unwrap();
    let listed: BTreeSet<String> = links(&index)
        .into_iter()
        .map(|(_, link)| percent_decode(link.split('#').next().unwrap()))
        .collect();
    let mut missing = Vec::new();
    for file in markdown_files() {
        if file == index_path || file.parent() != index_path.parent() {
            continue;
        }
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if !listed.contains(&name) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/README.md does not list {missing:?}"
    );
}
