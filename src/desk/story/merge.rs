//! The three-way merge of a save whose file changed on disk since the
//! writer opened it: base (the file as opened), ours (the form) and theirs
//! (the file on disk now). Front-matter fields are compared one by one
//! (the metrics one level down); the body goes through `diffy`'s merge.
//! Changes that do not overlap merge by themselves, onto the file on disk
//! with its untouched lines kept byte for byte; the rest are conflicts the
//! writer settles field by field (or passage by passage of the body).

use std::collections::BTreeMap;
use std::path::Path;

use crate::front_matter::{edit, parse_document};
use crate::yaml::{Mapping, Value};

/// What the writer chose for one conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The writer's own value.
    Mine,
    /// The value on disk, kept exactly.
    Theirs,
    /// For a passage of the body: the colleague's, then the writer's.
    Both,
}

impl Choice {
    /// `mine`, `theirs` or `both`, as the desk sends them.
    pub fn parse(s: &str) -> Option<Choice> {
        match s {
            "mine" => Some(Choice::Mine),
            "theirs" => Some(Choice::Theirs),
            "both" => Some(Choice::Both),
            _ => None,
        }
    }
}

/// Where a change or conflict is: a field (`location`, `metrics.participants`),
/// `body`, or a passage of the body (`body.0`).
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The field, or `body.N` for the N-th conflicting passage.
    pub field: String,
    /// The writer's value (null when the writer has none).
    pub mine: serde_json::Value,
    /// The value on disk (null when it has none).
    pub theirs: serde_json::Value,
}

/// Who changed a field that merged by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    /// The file on disk changed it (a colleague, or another window).
    Theirs,
    /// The writer changed it.
    Mine,
    /// Both changed it, in places that do not overlap (the body).
    Both,
}

/// The outcome of a three-way merge.
#[derive(Debug)]
pub struct Merged {
    /// The file to write, when no conflict is left.
    pub text: Option<String>,
    /// What both sides changed differently and the writer has not settled.
    pub conflicts: Vec<Conflict>,
    /// What merged by itself, in the file's order, and who changed it.
    pub merged: Vec<(String, By)>,
}

/// The three sides of a save. `base` is `None` when the file as opened is
/// not known (a new story that found a file in its place, a draft kept by
/// an older desk): then nothing merges by itself, every difference is a
/// conflict.
pub struct Sides<'a> {
    /// The story's path (for the parser's messages, never opened).
    pub path: &'a Path,
    /// The file's text as the writer opened it.
    pub base: Option<&'a str>,
    /// The form's front matter.
    pub ours: &'a Mapping,
    /// The form's body (LF line endings).
    pub ours_body: &'a str,
    /// The file's text on disk now.
    pub theirs: &'a str,
}

/// Merges the three sides, applying the writer's choices where given.
pub fn merge(sides: &Sides, choices: &BTreeMap<String, Choice>) -> Merged {
    let (theirs_map, theirs_body) = split(sides.path, sides.theirs);
    let base = sides.base.map(|b| split(sides.path, b));
    let mut out = Merged {
        text: None,
        conflicts: Vec::new(),
        merged: Vec::new(),
    };
    let front = merge_maps(
        base.as_ref().map(|b| &b.0),
        sides.ours,
        &theirs_map,
        "",
        choices,
        &mut out,
    );
    let body = merge_body(
        base.as_ref().map(|b| b.1.as_str()),
        sides.ours_body,
        &theirs_body,
        choices,
        &mut out,
    );
    if out.conflicts.is_empty() {
        out.text = Some(edit::merge(sides.theirs, &theirs_map, &front, &body));
    }
    out
}

/// A file's front matter (empty when broken) and body (LF endings).
fn split(path: &Path, text: &str) -> (Mapping, String) {
    match parse_document(path, text, true) {
        Ok(doc) => {
            let body = doc.body().replace("\r\n", "\n");
            (doc.front.map, body)
        }
        Err(_) => (Mapping::new(), text.replace("\r\n", "\n")),
    }
}

/// A value that means "not set": absent, null, an empty string or list.
fn set(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Sequence(s) => !s.is_empty(),
        _ => true,
    })
}

fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (set(a), set(b)) {
        (None, None) => true,
        (Some(a), Some(b)) => edit::same_value(a, b),
        _ => false,
    }
}

/// Field by field: theirs where only they changed it (or nobody did), ours
/// where only the writer did, a conflict where both did differently.
/// Keys in theirs' order, then the writer's new ones.
fn merge_maps(
    base: Option<&Mapping>,
    ours: &Mapping,
    theirs: &Mapping,
    prefix: &str,
    choices: &BTreeMap<String, Choice>,
    out: &mut Merged,
) -> Mapping {
    let keys = theirs
        .keys()
        .chain(ours.keys().filter(|k| !theirs.contains_key(*k)));
    let mut result = Mapping::new();
    for key in keys {
        let field = format!("{prefix}{}", key_name(key));
        let (o, t) = (ours.get(key), theirs.get(key));
        let b = base.map(|m| m.get(key));
        let value = if same(o, t) {
            t
        } else if let Some(b) = b.filter(|b| same(o, *b)) {
            report(field, b, t, By::Theirs, out);
            t
        } else if let Some(b) = b.filter(|b| same(t, *b)) {
            report(field, b, o, By::Mine, out);
            o
        } else if let Some(list) = b.and_then(|b| merge_lists(b, o, t)) {
            // Lists (tags, joint branches) changed on both sides: item by item.
            report(field, b.flatten(), Some(&list), By::Both, out);
            result.insert(key.clone(), list);
            continue;
        } else if let (Some(Value::Mapping(om)), Some(Value::Mapping(tm)), true) =
            (set(o), set(t), prefix.is_empty())
        {
            // One level down (the metrics): each figure on its own.
            let empty = Mapping::new();
            let bm = b.map(|b| match set(b) {
                Some(Value::Mapping(m)) => m,
                _ => &empty,
            });
            let m = merge_maps(bm, om, tm, &format!("{field}."), choices, out);
            result.insert(key.clone(), Value::Mapping(m));
            continue;
        } else {
            match choices.get(&field) {
                Some(Choice::Mine) => o,
                Some(Choice::Theirs) => t,
                _ => {
                    out.conflicts.push(Conflict {
                        field,
                        mine: json_of(o),
                        theirs: json_of(t),
                    });
                    t
                }
            }
        };
        if let Some(v) = value {
            result.insert(key.clone(), v.clone());
        }
    }
    // A merged mapping equal to theirs is theirs, so its lines are kept.
    if edit::same_map(&result, theirs) {
        return theirs.clone();
    }
    result
}

/// Two lists of plain values (tags, joint branches) that both sides
/// changed: an item either side removed goes, an item either side added
/// comes; theirs' order, then the writer's new items. `None` when a side
/// is not such a list (then it is a conflict).
fn merge_lists(
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Option<Value> {
    let items = |v: Option<&Value>| match set(v) {
        None => Some(Vec::new()),
        Some(Value::Sequence(s))
            if s.iter()
                .all(|x| !matches!(x, Value::Sequence(_) | Value::Mapping(_))) =>
        {
            Some(s.clone())
        }
        _ => None,
    };
    let (b, o, t) = (items(base)?, items(ours)?, items(theirs)?);
    let mut out: Vec<Value> = t
        .into_iter()
        .filter(|x| o.contains(x) || !b.contains(x))
        .collect();
    for x in o {
        if !b.contains(&x) && !out.contains(&x) {
            out.push(x);
        }
    }
    Some(Value::Sequence(out))
}

/// Records a field that merged by itself; of a mapping (the metrics), each
/// of its keys that changed, so the writer reads which figure.
fn report(field: String, before: Option<&Value>, after: Option<&Value>, by: By, out: &mut Merged) {
    if let (Some(Value::Mapping(x)), Some(Value::Mapping(y))) = (set(before), set(after)) {
        let keys = y.keys().chain(x.keys().filter(|k| !y.contains_key(*k)));
        for k in keys.filter(|k| !same(x.get(*k), y.get(*k))) {
            out.merged.push((format!("{field}.{}", key_name(k)), by));
        }
    } else {
        out.merged.push((field, by));
    }
}

fn key_name(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(&json_of(Some(other))).unwrap_or_default(),
    }
}

fn json_of(v: Option<&Value>) -> serde_json::Value {
    set(v)
        .and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// A body with LF endings and without leading or trailing newlines.
fn core(body: &str) -> String {
    body.replace("\r\n", "\n").trim_matches('\n').to_string()
}

/// The body: theirs or ours when only one side changed it, else `diffy`'s
/// line merge, its overlapping passages settled by the writer's choices.
fn merge_body(
    base: Option<&str>,
    ours: &str,
    theirs: &str,
    choices: &BTreeMap<String, Choice>,
    out: &mut Merged,
) -> String {
    let (o, t) = (core(ours), core(theirs));
    let b = base.map(core);
    if o == t || b.as_deref() == Some(o.as_str()) {
        if o != t {
            out.merged.push(("body".into(), By::Theirs));
        }
        return theirs.to_string();
    }
    if b.as_deref() == Some(t.as_str()) {
        out.merged.push(("body".into(), By::Mine));
        return ours.to_string();
    }
    let pieces = match b {
        Some(b) => passages(&b, &o, &t),
        None => vec![Passage::Clash(lined(&o), lined(&t))],
    };
    if pieces.iter().all(|p| matches!(p, Passage::Same(_))) {
        out.merged.push(("body".into(), By::Both));
    }
    let mut text = String::new();
    let mut clash = 0;
    for piece in pieces {
        match piece {
            Passage::Same(s) => text.push_str(&s),
            Passage::Clash(mine, theirs) => {
                let field = format!("body.{clash}");
                clash += 1;
                match choices.get(&field) {
                    Some(Choice::Mine) => text.push_str(&mine),
                    Some(Choice::Theirs) => text.push_str(&theirs),
                    Some(Choice::Both) => {
                        text.push_str(&theirs);
                        if !theirs.ends_with("\n\n") && !mine.starts_with('\n') {
                            text.push('\n');
                        }
                        text.push_str(&mine);
                    }
                    None => out.conflicts.push(Conflict {
                        field,
                        mine: mine.trim_matches('\n').into(),
                        theirs: theirs.trim_matches('\n').into(),
                    }),
                }
            }
        }
    }
    text
}

/// A piece of a merged body: lines both agree on, or a passage each side
/// wrote differently (mine, theirs).
#[derive(Debug, PartialEq)]
enum Passage {
    Same(String),
    Clash(String, String),
}

fn lined(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("{s}\n")
    }
}

/// `diffy`'s merge of three bodies, cut at its conflict markers. The
/// markers are made longer than any run of `<`, `=` or `>` that starts a
/// line of the bodies, so a line of text is never read as one.
fn passages(base: &str, ours: &str, theirs: &str) -> Vec<Passage> {
    let (base, ours, theirs) = (lined(base), lined(ours), lined(theirs));
    let run = |line: &str| {
        let c = line.chars().next().unwrap_or(' ');
        if "<=>".contains(c) {
            line.chars().take_while(|&x| x == c).count()
        } else {
            0
        }
    };
    let longest = [&base, &ours, &theirs]
        .iter()
        .flat_map(|s| s.lines())
        .map(run)
        .max()
        .unwrap_or(0);
    let n = (longest + 1).max(7);
    let mut options = diffy::MergeOptions::new();
    options
        .set_conflict_style(diffy::ConflictStyle::Merge)
        .set_incomplete_hunk_style(diffy::IncompleteHunkStyle::Git)
        .set_conflict_marker_length(n);
    let marked = match options.merge(&base, &ours, &theirs) {
        Ok(text) => return vec![Passage::Same(text)],
        Err(text) => text,
    };
    let (open, middle, close) = ("<".repeat(n), "=".repeat(n), ">".repeat(n));
    let marker = |line: &str, m: &str| {
        line.trim_end_matches('\n')
            .strip_prefix(m)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    };
    let mut out = Vec::new();
    let (mut same, mut mine, mut theirs_text) = (String::new(), String::new(), String::new());
    // 0: lines both agree on; 1: the writer's side; 2: theirs.
    let mut state = 0;
    for line in marked.split_inclusive('\n') {
        match state {
            0 if marker(line, &open) => {
                if !same.is_empty() {
                    out.push(Passage::Same(std::mem::take(&mut same)));
                }
                state = 1;
            }
            0 => same.push_str(line),
            1 if marker(line, &middle) => state = 2,
            1 => mine.push_str(line),
            _ if marker(line, &close) => {
                out.push(Passage::Clash(
                    std::mem::take(&mut mine),
                    std::mem::take(&mut theirs_text),
                ));
                state = 0;
            }
            _ => theirs_text.push_str(line),
        }
    }
    if !same.is_empty() {
        out.push(Passage::Same(same));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_changed_on_each_side_merge() {
        let base = "第一段。\n\n第二段。\n\n第三段。";
        let ours = "第一段，我改过。\n\n第二段。\n\n第三段。";
        let theirs = "第一段。\n\n第二段。\n\n第三段，同事改过。";
        assert_eq!(
            passages(base, ours, theirs),
            [Passage::Same(
                "第一段，我改过。\n\n第二段。\n\n第三段，同事改过。\n".into()
            )]
        );
    }

    #[test]
    fn the_same_paragraph_changed_on_both_sides_is_a_passage_of_each() {
        let base = "<<<<<<< 不是标记\n\n第二段。";
        let ours = "<<<<<<< 不是标记\n\n第二段，我改过。";
        let theirs = "<<<<<<< 不是标记\n\n第二段，同事改过。";
        assert_eq!(
            passages(base, ours, theirs),
            [
                Passage::Same("<<<<<<< 不是标记\n\n".into()),
                Passage::Clash("第二段，我改过。\n".into(), "第二段，同事改过。\n".into())
            ]
        );
    }
}
