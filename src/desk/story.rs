//! A story's way through the desk: opened, previewed, checked and saved,
//! never over a file changed on disk meanwhile: such a save is merged
//! three ways (`merge.rs`), its fields named by their labels (`label.rs`).

mod label;
mod merge;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::call::{Answer, Call, fail, read_json, slash};
use super::files::{self, StoryPath};
use super::review::reviewed_of;
use super::served::{self, ServedSite, Shared};
use super::words::{self, Words, diagnostic};
use crate::error::{Diagnostic, Lang, Text};
use crate::front_matter::{edit, parse_document};

/// Opens one story: its front matter, body, version and photos.
pub fn open(dev: &dyn ServedSite, call: &Call) -> Result<Value, Answer> {
    let root = dev.root();
    let path = StoryPath::parse(dev, call.param("path").unwrap_or(""))?;
    let bytes = std::fs::read(root.join(&path.rel)).map_err(|_| {
        fail(
            404,
            Text::new(
                "找不到这篇稿件（可能已被移动或删除）",
                "no such story (moved or deleted?)",
            ),
        )
    })?;
    let text = String::from_utf8(bytes.clone()).map_err(|_| not_utf8())?;
    let front = front_json(&path.rel, &text)?;
    let doc = parse_document(&path.rel, &text, true).map_err(|d| {
        fail(
            422,
            Text::new(
                format!(
                    "这篇稿件开头的字段（两行 --- 之间的部分）有错误，请在文本编辑器中改正：{}",
                    d.render(Lang::ZhCn)
                ),
                format!(
                    "the fields at the top of this story (between the two --- lines) are broken; fix them in a text editor: {}",
                    d.render(Lang::En)
                ),
            ),
        )
    })?;
    Ok(json!({
        "path": slash(&path.rel),
        "branch": path.branch,
        "kind": path.kind,
        "front": front,
        "body": doc.body().replace("\r\n", "\n"),
        "version": files::version(&bytes),
        // The file as opened: the base of a three-way merge if it changes
        // on disk before the save (its version proves it unchanged).
        "text": text,
        "photos": files::photos(root, &path.rel),
    }))
}

fn not_utf8() -> Answer {
    fail(
        422,
        Text::new(
            "这个文件不是 UTF-8 编码，写作台不能修改它；请在文本编辑器中另存为 UTF-8",
            "this file is not UTF-8; the desk cannot change it. Save it as UTF-8 in a text editor",
        ),
    )
}

/// The front matter for the form, refused when JSON cannot carry it (a
/// key that is not text): the form would otherwise drop fields.
fn front_json(path: &Path, text: &str) -> Result<Value, Answer> {
    let Ok(doc) = parse_document(path, text, true) else {
        return Ok(Value::Null);
    };
    let plain_keys = doc.front.map.keys().all(crate::yaml::Value::is_string);
    match serde_json::to_value(&doc.front.map) {
        Ok(v) if plain_keys => Ok(v),
        _ => Err(fail(
            422,
            Text::new(
                "这篇稿件的字段写法超出了写作台能处理的范围（如以数字为字段名），请在文本编辑器中修改",
                "this story has fields the desk cannot edit (such as a number as a field's name); edit it in a text editor",
            ),
        )),
    }
}

/// A story as the form sends it.
struct Draft {
    path: StoryPath,
    /// What is on disk now.
    disk: Option<Vec<u8>>,
    /// The file's text as it would be saved.
    text: String,
    version: Option<String>,
    /// The form's front matter and body.
    front: Map<String, Value>,
    body: String,
    /// The file as the writer opened it (unverified until its version is).
    base: Option<String>,
    /// The writer's choices in a conflict, and the version they were made on.
    resolve: Option<(Option<String>, BTreeMap<String, merge::Choice>)>,
}

/// Reads the form: where the story goes and its text.
fn draft(dev: &dyn ServedSite, call: &Call) -> Result<Draft, Answer> {
    let root = dev.root();
    let req: Value = read_json(call.body)?;
    let front_json = req
        .get("front")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let body = req.get("body").and_then(Value::as_str).unwrap_or("");
    let given = req
        .get("path")
        .and_then(Value::as_str)
        .filter(|p| !p.is_empty());
    let path = match given {
        Some(p) => StoryPath::parse(dev, p)?,
        None => {
            let str_of = |k: &str| req.get(k).and_then(Value::as_str).unwrap_or("");
            let title = front_json
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or("");
            let date = front_json.get("date").and_then(Value::as_str).unwrap_or("");
            StoryPath::new_story(dev, str_of("branch"), str_of("kind"), title, date)?
        }
    };
    let disk = std::fs::read(root.join(&path.rel)).ok();
    let text = match &disk {
        Some(bytes) => {
            let original = std::str::from_utf8(bytes).map_err(|_| not_utf8())?;
            match parse_document(&path.rel, original, true) {
                Ok(doc) => {
                    let front = to_yaml(&front_json, &doc.front.map);
                    edit::merge(original, &doc.front.map, &front, body)
                }
                Err(_) => edit::compose(&to_yaml(&front_json, &Default::default()), body),
            }
        }
        None => edit::compose(&to_yaml(&front_json, &Default::default()), body),
    };
    let resolve = req.get("resolve").and_then(Value::as_object).map(|r| {
        let version = r.get("version").and_then(Value::as_str).map(str::to_string);
        let choices = r.get("choices").and_then(Value::as_object);
        let choices = choices
            .into_iter()
            .flatten()
            .filter_map(|(field, c)| Some((field.clone(), merge::Choice::parse(c.as_str()?)?)));
        (version, choices.collect())
    });
    Ok(Draft {
        disk,
        path,
        text,
        version: req
            .get("version")
            .and_then(Value::as_str)
            .map(str::to_string),
        body: body.to_string(),
        front: front_json,
        base: req.get("base").and_then(Value::as_str).map(str::to_string),
        resolve,
    })
}

/// The form's front matter as YAML (keys in the form's order). A value the
/// form sends back as it received it keeps the file's own value: JSON and
/// the browser round numbers past 2^53 and turn `.inf` into null, which
/// must not change a field nobody touched.
fn to_yaml(front: &Map<String, Value>, old: &crate::yaml::Mapping) -> crate::yaml::Mapping {
    front
        .iter()
        .filter_map(|(k, v)| {
            let key = crate::yaml::Value::from(k.as_str());
            if let Some(before) = old.get(&key)
                && serde_json::to_value(before)
                    .is_ok_and(|b| as_browser_sees(&b) == as_browser_sees(v))
            {
                return Some((key, before.clone()));
            }
            Some((key, crate::yaml::to_value(v).ok()?))
        })
        .collect()
}

/// A JSON value as a browser's JSON.parse holds it: every number a double.
fn as_browser_sees(v: &Value) -> Value {
    match v {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(a) => Value::Array(a.iter().map(as_browser_sees).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), as_browser_sees(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Checks a draft as `check` would. The story (for a preview) and its
/// warnings, or 422 with every problem at its field or line.
fn check(
    dev: &dyn ServedSite,
    draft: &Draft,
) -> Result<(crate::model::Story, Vec<Diagnostic>), Answer> {
    let words = Words::new(dev, &draft.path.kind);
    let Some(site) = dev.site() else {
        let errors: Vec<Value> = dev
            .errors()
            .iter()
            .map(|d| diagnostic(d, &words, 0))
            .collect();
        return Err((422, json!({ "ok": false, "diagnostics": errors })));
    };
    let source =
        crate::content::source_from_text(&draft.path.rel, draft.text.clone()).map_err(|d| {
            (
                422,
                json!({ "ok": false, "diagnostics": [diagnostic(&d, &words, 0)] }),
            )
        })?;
    let body_line = parse_document(&draft.path.rel, &draft.text, true).map_or(0, |d| d.body_line);
    crate::pipeline::preview_story(site, &source).map_err(|errors| {
        let list: Vec<Value> = errors
            .iter()
            .map(|d| diagnostic(d, &words, body_line))
            .collect();
        (422, json!({ "ok": false, "diagnostics": list }))
    })
}

/// The story in the form as it is now, checked; 422 with every problem
/// (and a message saying it must be fixed first) when it has errors.
pub fn checked(dev: &dyn ServedSite, call: &Call) -> Result<crate::model::Story, Answer> {
    let draft = draft(dev, call)?;
    check(dev, &draft)
        .map(|(story, _)| story)
        .map_err(|(status, mut v)| {
            let error = match dev.lang() {
                Lang::ZhCn => "稿件有错误，改正后才能发到公众号",
                Lang::En => "the story has errors: fix them first",
            };
            v["error"] = Value::from(error);
            (status, v)
        })
}

/// The story page as the theme renders it, from the form as it is now.
pub fn preview(dev: &Shared, call: &Call) -> Result<Value, Answer> {
    let (story, list) = {
        let dev = served::read(dev);
        let draft = draft(&*dev, call)?;
        let (story, warnings) = match check(&*dev, &draft) {
            Ok(ok) => ok,
            Err((_, v)) => {
                return Ok(json!({ "html": Value::Null, "diagnostics": v["diagnostics"] }));
            }
        };
        let body_line =
            parse_document(&draft.path.rel, &draft.text, true).map_or(0, |d| d.body_line);
        let words = Words::new(&*dev, &draft.path.kind);
        let list: Vec<Value> = warnings
            .iter()
            .map(|d| diagnostic(d, &words, body_line))
            .collect();
        (story, list)
    };
    let mut dev = served::write(dev);
    let html = dev.preview(story).map_err(|d| fail(500, d.message))?;
    Ok(json!({ "html": String::from_utf8_lossy(&html), "diagnostics": list }))
}

/// Saves the form: checked first, written atomically. A file changed on
/// disk since the form was opened is merged three ways: what does not
/// overlap is written with the answer saying what merged; what does is a
/// conflict (409) with nothing written, until the writer's choices settle it.
pub fn save(dev: &Shared, call: &Call) -> Result<Value, Answer> {
    let dev = served::read(dev);
    let mut draft = draft(&*dev, call).map_err(|e| words::every_problem(&*dev, call, e))?;
    let words = Words::new(&*dev, &draft.path.kind);
    let current = draft.disk.as_deref().map(files::version);
    let merged = match current != draft.version {
        true => Some(merge_draft(&*dev, &mut draft, current)?),
        false => None,
    };
    keeps_reviewed(&draft)?;
    let (story, warnings) = check(&*dev, &draft)?;
    let root = dev.root();
    if draft.disk.as_deref() != Some(draft.text.as_bytes()) {
        files::write_atomic(root, &draft.path.rel, draft.text.as_bytes()).map_err(|e| {
            fail(
                500,
                crate::text::text!("无法保存：{}", "cannot save: {}", e),
            )
        })?;
    }
    let doc = parse_document(&draft.path.rel, &draft.text, true).ok();
    let body_line = doc.as_ref().map_or(0, |d| d.body_line);
    let base = dev.site().map_or("/", |s| s.config.base_path());
    let url = (!story.meta.draft || dev.drafts()).then(|| format!("{base}{}", story.path));
    let mut answer = json!({
        "ok": true,
        "path": slash(&draft.path.rel),
        "version": files::version(draft.text.as_bytes()),
        "text": draft.text,
        "url": url,
        "diagnostics": warnings.iter().map(|d| diagnostic(d, &words, body_line)).collect::<Vec<_>>(),
    });
    if let Some(merged) = merged {
        // The form is filled again from what was written.
        answer["merged"] = Value::Array(merged);
        answer["front"] = doc.as_ref().map_or(Value::Null, |d| {
            serde_json::to_value(&d.front.map).unwrap_or(Value::Null)
        });
        answer["body"] = doc.map_or(Value::Null, |d| d.body().replace("\r\n", "\n").into());
    }
    Ok(answer)
}

/// Refuses a save whose text would add, change or remove `reviewed`
/// entries: only a reviewer's approval writes them.
fn keeps_reviewed(draft: &Draft) -> Result<(), Answer> {
    let disk = draft
        .disk
        .as_deref()
        .and_then(|b| std::str::from_utf8(b).ok());
    let before = disk.and_then(|t| reviewed_of(&draft.path.rel, t));
    if reviewed_of(&draft.path.rel, &draft.text) == before {
        return Ok(());
    }
    let (status, mut v) = fail(
        422,
        Text::new(
            "审核记录（reviewed）只能由审核人在“审核”中写入，保存稿件不能添加或修改它",
            "the review record (reviewed) is written only by a reviewer in Review; a save cannot add or change it",
        ),
    );
    v["field"] = json!("reviewed");
    Err((status, v))
}

/// The file changed on disk since the form was opened (or was made or
/// removed meanwhile): the draft's text becomes the three-way merge of the
/// file as opened, the form and the file now, and the answer lists what
/// merged (who changed which field); or a conflict with nothing written.
fn merge_draft(
    dev: &dyn ServedSite,
    draft: &mut Draft,
    current: Option<String>,
) -> Result<Vec<Value>, Answer> {
    let choices = match &draft.resolve {
        Some((version, choices)) if *version == current => Some(choices.clone()),
        _ => None,
    };
    let Some(disk) = draft.disk.as_deref() else {
        // Removed meanwhile: written again only when the writer said so.
        return match choices {
            Some(_) => Ok(Vec::new()),
            None => Err(conflict(draft, current, &[], &[])),
        };
    };
    let theirs = std::str::from_utf8(disk).map_err(|_| not_utf8())?;
    // The base counts only if it is the very file the form was opened on.
    let base = draft
        .base
        .as_deref()
        .filter(|b| draft.version.as_deref() == Some(files::version(b.as_bytes()).as_str()));
    let old = base
        .or(Some(theirs))
        .and_then(|t| parse_document(&draft.path.rel, t, true).ok())
        .map(|d| d.front.map)
        .unwrap_or_default();
    let ours = to_yaml(&draft.front, &old);
    let sides = merge::Sides {
        path: &draft.path.rel,
        base,
        ours: &ours,
        ours_body: &draft.body,
        theirs,
    };
    let outcome = merge::merge(&sides, choices.as_ref().unwrap_or(&BTreeMap::new()));
    let lang = dev.lang();
    let config = dev.site().map(|s| &s.config);
    let named = |field: &str| label::label(config, &draft.path.kind, field, lang);
    let merged: Vec<Value> = outcome
        .merged
        .iter()
        .map(|(field, by)| {
            let by = match by {
                merge::By::Theirs => "theirs",
                merge::By::Mine => "mine",
                merge::By::Both => "both",
            };
            json!({ "field": field, "label": named(field), "by": by })
        })
        .collect();
    let conflicts: Vec<Value> = outcome
        .conflicts
        .iter()
        .map(|c| json!({ "field": c.field, "label": named(&c.field), "mine": c.mine, "theirs": c.theirs }))
        .collect();
    match outcome.text {
        // Without the base nothing merges by itself: the writer looks first.
        Some(text) if base.is_some() || choices.is_some() => {
            draft.text = text;
            Ok(merged)
        }
        _ => Err(conflict(draft, current, &conflicts, &merged)),
    }
}

/// A conflict: the file on disk now (for "use theirs"), each field both
/// sides changed differently with its label and both values, and what
/// would merge by itself. Nothing was written.
fn conflict(draft: &Draft, current: Option<String>, fields: &[Value], merged: &[Value]) -> Answer {
    let disk = draft.disk.as_deref().map(String::from_utf8_lossy);
    let doc = disk
        .as_deref()
        .and_then(|t| parse_document(&draft.path.rel, t, true).ok());
    (
        409,
        json!({
            "ok": false,
            "conflict": {
                "version": current,
                "gone": draft.disk.is_none(),
                "fields": fields,
                "merged": merged,
                "front": doc.as_ref().map(|d| serde_json::to_value(&d.front.map).unwrap_or(Value::Null)),
                "body": doc.as_ref().map(|d| d.body().replace("\r\n", "\n")),
                "text": disk,
            }
        }),
    )
}
