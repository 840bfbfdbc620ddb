//! The layers of ARCHITECTURE.md, kept true: reads every `use crate::…`,
//! `crate::…`, `super::…` and child-module path of `src/`, and fails, naming
//! file and line, on an import that points up a layer, a leaf helper that
//! imports the crate, or a cycle between files. The layers are read from
//! ARCHITECTURE.md itself, so the document and the test cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One layer: its rank from the ground up, its name, the paths it holds.
#[derive(Debug)]
struct Layer {
    rank: usize,
    name: String,
    paths: Vec<String>,
}

/// An import of one file by another, at a line of the importer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    from: String,
    line: usize,
    to: String,
    path: String,
}

/// Reads the layer table of ARCHITECTURE.md: rows `| N | name | `paths` … |`.
fn parse_layers(doc: &str) -> Vec<Layer> {
    let mut layers = Vec::new();
    for row in doc.lines() {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        if cells.len() < 4 || !cells[0].is_empty() {
            continue;
        }
        let Ok(rank) = cells[1].parse::<usize>() else {
            continue;
        };
        let paths = cells[3]
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect();
        layers.push(Layer {
            rank,
            name: cells[2].to_string(),
            paths,
        });
    }
    layers
}

/// The layer of a file: the longest entry that names it, where `src/x.rs`
/// also covers the submodules under `src/x/`.
fn layer_of<'a>(layers: &'a [Layer], file: &str) -> Option<&'a Layer> {
    let mut best: Option<(usize, &Layer)> = None;
    for layer in layers {
        for entry in &layer.paths {
            let covers = file == entry
                || (entry.ends_with('/') && file.starts_with(entry.as_str()))
                || entry
                    .strip_suffix(".rs")
                    .is_some_and(|stem| file.starts_with(&format!("{stem}/")));
            if covers && best.is_none_or(|(len, _)| entry.len() > len) {
                best = Some((entry.len(), layer));
            }
        }
    }
    best.map(|(_, layer)| layer)
}

/// The module path of a source file: `src/a/b.rs` → `a::b`, `src/lib.rs` → ``.
fn module_of(file: &str) -> Vec<String> {
    let rel = file.strip_prefix("src/").unwrap_or(file);
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("lib" | "main" | "mod")
    ) {
        parts.pop();
    }
    parts
}

/// Blanks out comments, string and character literals, keeping line breaks,
/// so that only code is searched for paths.
fn strip(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&b, i) {
            // A raw string r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            for &ch in &b[i..j.min(b.len())] {
                out.push(blank(ch));
            }
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A char literal ('a', '\n', '\u{..}'), not a lifetime ('a).
            let close = if next == Some('\\') {
                (i + 2..b.len().min(i + 12)).find(|&j| b[j] == '\'')
            } else if b.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match close {
                Some(j) => {
                    for _ in i..=j {
                        out.push(' ');
                    }
                    i = j + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(b: &[char], i: usize) -> bool {
    i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_')
}

/// Blanks out items under `#[cfg(test)]`: tests may reach anywhere.
fn drop_test_items(code: &str) -> String {
    let mut out: Vec<char> = code.chars().collect();
    let text: String = code.to_string();
    let mut from = 0;
    while let Some(at) = text[from..].find("#[cfg(test)]") {
        let start = from + at;
        let start_char = text[..start].chars().count();
        // The item runs to its first `;` or its first balanced `{…}`.
        let mut depth = 0;
        let mut end = start_char;
        for (k, ch) in out.iter().enumerate().skip(start_char) {
            end = k;
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ';' if depth == 0 => break,
                _ => {}
            }
        }
        for ch in out.iter_mut().take(end + 1).skip(start_char) {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
        from = start + "#[cfg(test)]".len();
    }
    out.into_iter().collect()
}

/// Every path a file names, with its line: `use` trees expanded, and
/// `crate::`, `super::`, `self::` or `child::` paths in code.
fn paths_in(code: &str, children: &BTreeSet<String>) -> Vec<(usize, Vec<String>)> {
    let mut found = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
            continue;
        }
        if !(c.is_alphabetic() || c == '_') || ident_before(&chars, i) || after_colons(&chars, i) {
            i += 1;
            continue;
        }
        let (word, end) = ident_at(&chars, i);
        if word == "use" {
            let stop = (end..chars.len())
                .find(|&k| chars[k] == ';')
                .unwrap_or(chars.len());
            let tree: String = chars[end..stop].iter().collect();
            for path in expand_use(&without_aliases(&tree)) {
                if is_local(&path, children) {
                    found.push((line, path));
                }
            }
            line += chars[i..stop].iter().filter(|&&c| c == '\n').count();
            i = stop;
            continue;
        }
        if chars.get(end) == Some(&':') && chars.get(end + 1) == Some(&':') {
            let mut path = vec![word];
            let mut k = end;
            while chars.get(k) == Some(&':') && chars.get(k + 1) == Some(&':') {
                let (next, e) = ident_at(&chars, k + 2);
                if next.is_empty() {
                    break;
                }
                path.push(next);
                k = e;
            }
            if is_local(&path, children) {
                found.push((line, path));
            }
            i = k;
            continue;
        }
        i = end;
    }
    found
}

/// A `use` tree with `as` renamings and whitespace removed.
fn without_aliases(tree: &str) -> String {
    let mut out = String::new();
    let mut words = tree.split_whitespace();
    while let Some(word) = words.next() {
        if word == "as" {
            let alias = words.next().unwrap_or("");
            out.extend(
                alias
                    .chars()
                    .filter(|c| !(c.is_alphanumeric() || *c == '_')),
            );
        } else {
            out.push_str(word);
        }
    }
    out
}

fn after_colons(chars: &[char], i: usize) -> bool {
    i >= 2 && chars[i - 1] == ':' && chars[i - 2] == ':'
}

fn ident_at(chars: &[char], i: usize) -> (String, usize) {
    let mut end = i;
    while end < chars.len() && (chars[end].is_alphanumeric() || chars[end] == '_') {
        end += 1;
    }
    (chars[i..end].iter().collect(), end)
}

fn is_local(path: &[String], children: &BTreeSet<String>) -> bool {
    path.len() > 1
        && (matches!(path[0].as_str(), "crate" | "super" | "self") || children.contains(&path[0]))
}

/// Expands a `use` tree (whitespace removed) into its full paths.
fn expand_use(tree: &str) -> Vec<Vec<String>> {
    let tree = tree.trim_start_matches("::");
    let mut out = Vec::new();
    expand(tree, &[], &mut out);
    out
}

fn expand(tree: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut path = prefix.to_vec();
        path.extend(head);
        let mut depth = 0;
        let mut start = 0;
        for (k, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..k], &path, out);
                    start = k + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], &path, out);
    } else {
        let mut path = prefix.to_vec();
        path.extend(
            tree.split("::")
                .filter(|s| !s.is_empty() && *s != "*")
                .map(str::to_string),
        );
        if path.len() > prefix.len() || tree.ends_with('*') {
            out.push(path);
        }
    }
}

/// The file a path lands in: the deepest module file along it.
fn resolve(
    path: &[String],
    here: &[String],
    children: &BTreeSet<String>,
    modules: &BTreeMap<Vec<String>, String>,
) -> Option<String> {
    let mut module: Vec<String> = match path[0].as_str() {
        "crate" => Vec::new(),
        "self" => here.to_vec(),
        "super" => here[..here.len().saturating_sub(1)].to_vec(),
        child if children.contains(child) => {
            let mut m = here.to_vec();
            m.push(child.to_string());
            m
        }
        _ => return None,
    };
    let mut rest = &path[1..];
    while let Some(seg) = rest.first() {
        if seg == "super" {
            module.pop();
        } else {
            let mut deeper = module.clone();
            deeper.push(seg.clone());
            if !modules.contains_key(&deeper) {
                break;
            }
            module = deeper;
        }
        rest = &rest[1..];
    }
    modules.get(&module).cloned()
}

/// The child modules a file declares (`mod x;`, outside tests).
fn declared_children(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in code.lines() {
        let t = line.trim();
        let t = t
            .strip_prefix("pub(crate) ")
            .or_else(|| t.strip_prefix("pub "))
            .unwrap_or(t);
        if let Some(rest) = t.strip_prefix("mod ") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if rest[name.len()..].trim_start().starts_with(';') {
                out.insert(name);
            }
        }
    }
    out
}

/// Every import edge between the files of `sources` (path → text).
fn edges(sources: &BTreeMap<String, String>) -> Vec<Edge> {
    // main.rs is the binary's own crate root: it names the library by name.
    let modules: BTreeMap<Vec<String>, String> = sources
        .keys()
        .filter(|f| f.as_str() != "src/main.rs")
        .map(|f| (module_of(f), f.clone()))
        .collect();
    let mut all = BTreeSet::new();
    for (file, text) in sources {
        let code = drop_test_items(&strip(text));
        let children = declared_children(&code);
        let here = module_of(file);
        for (line, path) in paths_in(&code, &children) {
            if let Some(to) = resolve(&path, &here, &children, &modules)
                && &to != file
            {
                all.insert(Edge {
                    from: file.clone(),
                    line,
                    to,
                    path: path.join("::"),
                });
            }
        }
    }
    all.into_iter().collect()
}

/// The problems of a tree against its layers, one line each.
fn problems(sources: &BTreeMap<String, String>, layers: &[Layer]) -> Vec<String> {
    let mut out = Vec::new();
    for file in sources.keys() {
        if layer_of(layers, file).is_none() {
            out.push(format!(
                "{file}: not placed in any layer of ARCHITECTURE.md"
            ));
        }
    }
    let edges = edges(sources);
    for e in &edges {
        let (Some(from), Some(to)) = (layer_of(layers, &e.from), layer_of(layers, &e.to)) else {
            continue;
        };
        if to.rank > from.rank {
            out.push(format!(
                "{}:{}: `{}` points up: {} is in layer {} ({}), {} in layer {} ({}); imports may only point down",
                e.from, e.line, e.path, e.to, to.rank, to.name, e.from, from.rank, from.name
            ));
        } else if from.name.starts_with("leaf") && to.rank == from.rank && !within(&e.from, &e.to) {
            out.push(format!(
                "{}:{}: `{}`: a leaf helper imports nothing from its own layer ({}) but its own submodules",
                e.from, e.line, e.path, from.name
            ));
        }
    }
    out.extend(cycles(&edges));
    out
}

/// Whether `to` is `from` itself or one of its submodule files.
fn within(from: &str, to: &str) -> bool {
    let stem = from.strip_suffix(".rs").unwrap_or(from);
    to.starts_with(&format!("{stem}/"))
}

/// Every cycle between files, as the edges that close it.
fn cycles(edges: &[Edge]) -> Vec<String> {
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in edges {
        graph.entry(&e.from).or_default().insert(&e.to);
    }
    let mut out = Vec::new();
    let mut reported = BTreeSet::new();
    for start in graph.keys() {
        // The shortest path back to `start`, breadth first.
        let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([*start]);
        let mut found = None;
        while let Some(at) = queue.pop_front() {
            for &next in graph.get(at).into_iter().flatten() {
                if next == *start {
                    found = Some(at);
                    break;
                }
                if !prev.contains_key(next) {
                    prev.insert(next, at);
                    queue.push_back(next);
                }
            }
            if found.is_some() {
                break;
            }
        }
        let Some(mut at) = found else { continue };
        let mut ring = vec![*start, at];
        while at != *start {
            match prev.get(at) {
                Some(&p) if p != *start => {
                    ring.push(p);
                    at = p;
                }
                _ => break,
            }
        }
        ring.reverse();
        // Start the ring at its first file, so each cycle reads one way.
        let first = (0..ring.len()).min_by_key(|&i| ring[i]).unwrap_or(0);
        ring.rotate_left(first);
        let key: BTreeSet<&str> = ring.iter().copied().collect();
        if !reported.insert(key) {
            continue;
        }
        let mut steps = Vec::new();
        for pair in ring
            .windows(2)
            .chain(std::iter::once(&[ring[ring.len() - 1], ring[0]][..]))
        {
            if let Some(e) = edges.iter().find(|e| e.from == pair[0] && e.to == pair[1]) {
                steps.push(format!("{}:{} `{}`", e.from, e.line, e.path));
            }
        }
        out.push(format!("cycle between files: {}", steps.join(" → ")));
    }
    out
}

/// The source files of `src/` (not their sibling `tests.rs`), by path.
fn sources(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root.join("src")) {
        let entry = entry.expect("walk src");
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if path.extension().is_some_and(|e| e == "rs") && !rel.ends_with("/tests.rs") {
            out.insert(rel, std::fs::read_to_string(path).expect("read source"));
        }
    }
    out
}

#[test]
fn every_import_points_down_a_layer_of_architecture_md_and_no_files_import_each_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let layers = parse_layers(&doc);
    assert!(
        layers.len() >= 10,
        "ARCHITECTURE.md's layer table: {layers:?}"
    );
    let found = problems(&sources(root), &layers);
    assert!(
        found.is_empty(),
        "{} problem(s) with the layers of ARCHITECTURE.md:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_checker_finds_an_upward_import_a_leaf_import_and_a_cycle() {
    let layers = parse_layers(
        "| 0 | leaf helpers | `src/text.rs`, `src/html.rs` |\n| 1 | error | `src/error.rs` |\n\
         | 2 | model | `src/model.rs`, `src/stats.rs` |\n| 3 | root | `src/lib.rs` |",
    );
    let tree: BTreeMap<String, String> = [
        (
            "src/lib.rs",
            "pub mod text;\npub mod html;\npub mod error;\npub mod model;\npub mod stats;\n",
        ),
        ("src/html.rs", "pub fn escape() {}\n"),
        (
            "src/text.rs",
            "// crate::model::X in a comment is no import\nuse crate::html::escape;\n",
        ),
        (
            "src/error.rs",
            "pub struct E;\nfn f() { let s = \"crate::model::Story\"; crate::model::go(); }\n",
        ),
        (
            "src/model.rs",
            "use crate::{html::escape as e, stats::{self, Num}};\npub fn go() {}\n",
        ),
        (
            "src/stats.rs",
            "pub fn n() { super::model::go() }\n#[cfg(test)]\nmod tests { use crate::lib; }\n",
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let found = problems(&tree, &layers);
    assert_eq!(
        found,
        [
            "src/error.rs:2: `crate::model::go` points up: src/model.rs is in layer 2 (model), src/error.rs in layer 1 (error); imports may only point down",
            "src/text.rs:2: `crate::html::escape`: a leaf helper imports nothing from its own layer (leaf helpers) but its own submodules",
            "cycle between files: src/model.rs:1 `crate::stats::Num` → src/stats.rs:1 `super::model::go`",
        ],
        "{found:#?}"
    );
}
