//! Review in the desk: a reviewer approves a story's next stage or returns
//! it with a note, through the same line-keeping writes as `approve`, and
//! only on the very version of the file the reviewer read.

use serde_json::{Value, json};

use super::call::{Answer, Call, fail, read_json, slash};
use super::files::{self, StoryPath};
use super::served::{self, ServedSite, Shared};
use crate::config::Review;
use crate::error::{Diagnostic, Text};
use crate::review::{Approve, approve, read, return_story};
use crate::text::text;

/// What a review call sends: the story, the version the reviewer read,
/// who reviews.
struct Ask {
    path: StoryPath,
    /// The file's text now.
    text: String,
    by: String,
    body: Value,
}

/// The review configured, or 409: site.yaml names no stages.
fn configured(dev: &dyn ServedSite) -> Result<Review, Answer> {
    let Some(site) = dev.site() else {
        return Err(fail(
            409,
            Text::new(
                "网站有错误，请先改正",
                "the site has errors; fix them first",
            ),
        ));
    };
    site.config.review.clone().ok_or_else(|| {
        fail(
            409,
            Text::new(
                "site.yaml 没有配置审核（review: {stages: [...]}）",
                "site.yaml configures no review (review: {stages: [...]})",
            ),
        )
    })
}

/// Reads the call and the file, refusing when the file is not the version
/// the reviewer read.
fn ask(dev: &dyn ServedSite, call: &Call) -> Result<Ask, Answer> {
    let body: Value = read_json(call.body)?;
    let field = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or("");
    let path = StoryPath::parse(dev, field("path"))?;
    let bytes = std::fs::read(dev.root().join(&path.rel)).map_err(|_| {
        fail(
            404,
            Text::new(
                "找不到这篇稿件（可能已被移动或删除）",
                "no such story (moved or deleted?)",
            ),
        )
    })?;
    if files::version(&bytes) != field("version") {
        return Err(fail(
            409,
            Text::new(
                "稿件在你打开之后被修改过：请重新打开，读过现在的内容再审核",
                "the story changed after you opened it: open it again and read it as it is now before reviewing",
            ),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        fail(
            422,
            Text::new(
                "这个文件不是 UTF-8 编码，写作台不能修改它",
                "this file is not UTF-8; the desk cannot change it",
            ),
        )
    })?;
    let by = field("by").trim().to_string();
    if by.is_empty() || by.contains(['\n', '\r']) || by.chars().count() > 100 {
        let (status, mut v) = fail(
            422,
            Text::new(
                "请写明审核人的姓名（一行）",
                "give the reviewer's name (one line)",
            ),
        );
        v["field"] = json!("by");
        return Err((status, v));
    }
    Ok(Ask {
        path,
        text,
        by,
        body,
    })
}

fn refused(d: &Diagnostic) -> Answer {
    fail(422, d.message.clone())
}

/// Refuses a story with errors, as `approve` does: a reviewer approves only
/// what would build.
fn without_errors(dev: &dyn ServedSite, ask: &Ask) -> Result<(), Answer> {
    let Some(site) = dev.site() else {
        return Ok(());
    };
    let source = crate::content::source_from_text(&ask.path.rel, ask.text.clone())
        .map_err(|d| refused(&d))?;
    match crate::pipeline::preview_story(site, &source) {
        Ok(_) => Ok(()),
        Err(errors) => {
            let first = errors.iter().find(|d| d.is_error());
            let detail = first.map_or_else(|| Text::new("", ""), |d| d.message.clone());
            Err(fail(
                422,
                Text::new(
                    format!("稿件有错误，改正后才能审核：{}", detail.zh),
                    format!(
                        "the story has errors: fix them before review: {}",
                        detail.en
                    ),
                ),
            ))
        }
    }
}

/// Writes the reviewed text and answers with the story's new version and state.
fn write(dev: &dyn ServedSite, ask: &Ask, review: &Review, new: &str) -> Result<Value, Answer> {
    files::write_atomic(dev.root(), &ask.path.rel, new.as_bytes())
        .map_err(|e| fail(500, text!("无法保存：{}", "cannot save: {}", e)))?;
    let state = read(&ask.path.rel, new, review).map(|r| r.state);
    Ok(json!({
        "ok": true,
        "path": slash(&ask.path.rel),
        "version": files::version(new.as_bytes()),
        "state": state.as_ref().map(|s| s.key()).ok(),
        "label": state.as_ref().map(|s| s.label(review).get(dev.lang()).to_string()).ok(),
        "by": ask.by,
    }))
}

/// `approve`: `{path, version, stage, by, note?}`. Refused when the file
/// changed since the reviewer opened it, the stage is not the next one, or
/// the story has errors.
pub fn approve_story(site: &Shared, call: &Call) -> Result<Value, Answer> {
    let dev = served::read(site);
    let review = configured(&*dev)?;
    let ask = ask(&*dev, call)?;
    let stage = ask.body.get("stage").and_then(Value::as_str).unwrap_or("");
    let note = ask.body.get("note").and_then(Value::as_str);
    // The stage first: out of order says so before the story's own problems.
    let approval = Approve {
        stage,
        by: &ask.by,
        date: crate::scaffold::today(),
        note,
    };
    let new = approve(&ask.path.rel, &ask.text, &review, &approval).map_err(|d| refused(&d))?;
    without_errors(&*dev, &ask)?;
    let mut answer = write(&*dev, &ask, &review, &new)?;
    answer["stage"] = json!(stage);
    Ok(answer)
}

/// `return`: `{path, version, by, note}`: the note written as `review_note`
/// for the writer to see.
pub fn return_to_writer(site: &Shared, call: &Call) -> Result<Value, Answer> {
    let dev = served::read(site);
    let review = configured(&*dev)?;
    let ask = ask(&*dev, call)?;
    let note = ask.body.get("note").and_then(Value::as_str).unwrap_or("");
    if note.trim().is_empty() {
        let (status, mut v) = fail(
            422,
            Text::new(
                "退回时请写明意见",
                "say what to change when returning a story",
            ),
        );
        v["field"] = json!("note");
        return Err((status, v));
    }
    let new = return_story(&ask.path.rel, &ask.text, &review, note).map_err(|d| refused(&d))?;
    write(&*dev, &ask, &review, &new)
}

/// The `reviewed` entries of a story's text, as YAML (None without any,
/// or when the text does not parse).
pub fn reviewed_of(path: &std::path::Path, text: &str) -> Option<crate::yaml::Value> {
    let doc = crate::front_matter::parse_document(path, text, false).ok()?;
    doc.front.get("reviewed").cloned()
}
