//! Writing a review into a story file: an approval appended to `reviewed`,
//! or a `review_note` when a reviewer returns the story. Every other line
//! keeps its bytes (BOM, line endings, comments, order), as the desk's saves
//! do; the result is read back and checked before it is returned.

use std::path::Path;

use jiff::civil::Date;

use super::record::{Approval, Record, State, check_record, digest, is_key_line, state};
use crate::config::Review;
use crate::error::{Code, Diagnostic, Text};
use crate::front_matter::edit::yaml_scalar;
use crate::front_matter::{Document, parse_document};
use crate::text::text;
use crate::yaml::Value;

/// An approval to record.
#[derive(Clone, Copy, Debug)]
pub struct Approve<'a> {
    /// The stage's name, as site.yaml lists it.
    pub stage: &'a str,
    /// Who approves.
    pub by: &'a str,
    /// The day of the approval (today, for the command and the desk).
    pub date: Date,
    /// A remark kept with the approval.
    pub note: Option<&'a str>,
}

/// A story's review as read from its text: what the desk lists and what
/// `review` prints.
#[derive(Clone, Debug)]
pub struct Reading {
    /// The parsed file.
    pub doc: Document,
    /// Its `reviewed` and `review_note`.
    pub record: Record,
    /// The digest of its current text.
    pub digest: String,
    /// Where it stands.
    pub state: State,
}

/// Reads a story file's review, or the first problem that keeps it from
/// being read (no front matter, a `reviewed` that does not work).
pub fn read(path: &Path, text: &str, review: &Review) -> Result<Reading, Diagnostic> {
    // Not required: a page of plain Markdown gets front matter from its approval.
    let doc = parse_document(path, text, false)?;
    let mut problems = Vec::new();
    let record = check_record(path, &doc.front, review, &mut problems);
    if let Some(first) = problems.into_iter().find(Diagnostic::is_error) {
        return Err(first);
    }
    let draft = doc.front.get("draft") == Some(&Value::Bool(true));
    let digest = digest(&doc);
    let state = state(review, draft, &record, &digest);
    Ok(Reading {
        doc,
        record,
        digest,
        state,
    })
}

/// The text of the story with the approval recorded (and any `review_note`
/// removed), or why not: review is for stages in order, each once, and not
/// for drafts.
pub fn approve(
    path: &Path,
    text: &str,
    review: &Review,
    approval: &Approve,
) -> Result<String, Diagnostic> {
    let reading = read(path, text, review)?;
    let refuse = |message: Text| Err(Diagnostic::error(Code::ReviewRefused, path, message));
    let Some(stage) = review.stage_index(approval.stage) else {
        return refuse(text!(
            "site.yaml 的 review.stages 中没有“{}”（可用：{}）",
            "site.yaml's review.stages has no \"{}\" (configured: {})",
            approval.stage,
            review.stages.join("、")
        ));
    };
    let by = approval.by.trim();
    if by.is_empty() || by.contains(['\n', '\r']) {
        return refuse(Text::new(
            "请写明审核人的姓名（一行）",
            "give the reviewer's name (one line)",
        ));
    }
    let next = match reading.state {
        State::Draft => {
            return refuse(Text::new(
                "稿件是草稿（draft: true），请先去掉 draft 再审核",
                "the story is a draft (draft: true): remove `draft` before review",
            ));
        }
        State::Approved => review.stages.len(),
        State::Waiting(s) | State::Changed(s) => s,
    };
    if stage < next {
        return refuse(text!(
            "“{}”已审核通过，无需再审",
            "\"{}\" has already approved this text",
            approval.stage
        ));
    }
    if stage > next {
        return refuse(text!(
            "不能记录“{}”：须先通过“{}”",
            "cannot record \"{}\": \"{}\" must approve first",
            approval.stage,
            review.stages[next]
        ));
    }
    let entry = entry_lines(
        &Approval {
            stage,
            by: by.to_string(),
            date: approval.date,
            digest: reading.digest.clone(),
            note: approval
                .note
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(String::from),
        },
        review,
    );
    let kept = kept_lines(&reading.record.approvals[..stage], review);
    let new = rewrite(text, &kept, &entry, None);
    let expect = |r: &Reading| {
        r.record.approvals.len() == stage + 1
            && r.record.note.is_none()
            && r.digest == reading.digest
            && r.record.approvals[stage].by == by
    };
    checked(path, new, review, expect)
}

/// The text of the story with `review_note` set to `note` (approvals kept):
/// how a reviewer returns a story to its writer.
pub fn return_story(
    path: &Path,
    text: &str,
    review: &Review,
    note: &str,
) -> Result<String, Diagnostic> {
    let reading = read(path, text, review)?;
    let note = note.trim();
    if note.is_empty() {
        return Err(Diagnostic::error(
            Code::ReviewRefused,
            path,
            Text::new(
                "退回时请写明意见（--note）",
                "say why when returning a story (--note)",
            ),
        ));
    }
    let kept = kept_lines(&reading.record.approvals, review);
    let line = format!("review_note: {}", yaml_scalar(note));
    let new = rewrite(text, &kept, &[], Some(&line));
    let expect = |r: &Reading| {
        r.record.note.as_deref() == Some(note)
            && r.record.approvals == reading.record.approvals
            && r.digest == reading.digest
    };
    checked(path, new, review, expect)
}

/// `new` when it reads back as `expect` says, else an internal error (the
/// file is never written with something it did not mean).
fn checked(
    path: &Path,
    new: String,
    review: &Review,
    expect: impl Fn(&Reading) -> bool,
) -> Result<String, Diagnostic> {
    match read(path, &new, review) {
        Ok(r) if expect(&r) => Ok(new),
        _ => Err(Diagnostic::error(
            Code::Internal,
            path,
            Text::new(
                "无法在保留其他行的情况下写入审核记录，文件未改动",
                "the review could not be written keeping the other lines; the file is unchanged",
            ),
        )),
    }
}

/// An approval's keys as YAML lines (`stage: 支部审核`, `by: 刘强` …).
fn entry_lines(a: &Approval, review: &Review) -> Vec<String> {
    let mut lines = vec![
        format!("stage: {}", yaml_scalar(&review.stages[a.stage])),
        format!("by: {}", yaml_scalar(&a.by)),
        format!("date: {}", a.date),
        format!("digest: {}", digest_scalar(&a.digest)),
    ];
    if let Some(note) = &a.note {
        lines.push(format!("note: {}", yaml_scalar(note)));
    }
    lines
}

/// The approvals that stay, as lines: what a flow list is rewritten with.
fn kept_lines(kept: &[Approval], review: &Review) -> Vec<Vec<String>> {
    kept.iter().map(|a| entry_lines(a, review)).collect()
}

/// A digest as YAML: plain unless YAML would read it as a number.
pub(super) fn digest_scalar(d: &str) -> String {
    match crate::yaml::parse::<Value>(d) {
        Ok(Value::String(s)) if s == d => d.to_string(),
        _ => format!("\"{d}\""),
    }
}

/// The file with `reviewed` cut to its first `kept.len()` items plus `entry`
/// (when not empty), and `review_note` removed or replaced by `note`.
fn rewrite(text: &str, kept: &[Vec<String>], entry: &[String], note: Option<&str>) -> String {
    let (bom, rest) = text
        .strip_prefix('\u{feff}')
        .map_or(("", text), |r| ("\u{feff}", r));
    if rest.lines().next().map(str::trim_end) != Some("---") {
        // No front matter yet (a page of plain Markdown): give it one.
        let eol = if rest.contains("\r\n") { "\r\n" } else { "\n" };
        let fenced = format!("{bom}---{eol}---{eol}{rest}");
        return rewrite(&fenced, kept, entry, note);
    }
    let lines: Vec<&str> = rest.split_inclusive('\n').collect();
    let eol = if lines.first().is_some_and(|l| l.ends_with("\r\n")) {
        "\r\n"
    } else {
        "\n"
    };
    let close = (1..lines.len())
        .find(|&i| matches!(lines[i].trim_end(), "---" | "..."))
        .unwrap_or(lines.len());
    let front = &lines[1..close];
    let mut out: Vec<String> = Vec::new();
    let mut wrote_entry = entry.is_empty();
    let mut wrote_note = note.is_none();
    let mut i = 0;
    while i < front.len() {
        let end = block_end(front, i);
        if is_key_line(front[i], "reviewed") {
            out.extend(reviewed_block(&front[i..end], kept, entry, eol));
            wrote_entry = true;
        } else if is_key_line(front[i], "review_note") {
            if let Some(n) = note.filter(|_| !wrote_note) {
                out.push(format!("{n}{eol}"));
                wrote_note = true;
            }
        } else {
            out.extend(front[i..end].iter().map(|l| l.to_string()));
        }
        i = end;
    }
    if let Some(last) = out.last_mut().filter(|l| !l.ends_with('\n')) {
        last.push_str(eol);
    }
    if !wrote_entry {
        out.push(format!("reviewed:{eol}"));
        out.extend(item_lines("  ", entry, eol));
    }
    if let Some(n) = note.filter(|_| !wrote_note) {
        out.push(format!("{n}{eol}"));
    }
    let mut result = format!("{bom}{}", lines[0]);
    result.extend(out);
    result.extend(lines[close.min(lines.len())..].iter().copied());
    result
}

/// Where the top-level entry starting at `start` ends: the next line at
/// column 0 that is not a list item, a comment or blank (trailing blank
/// lines stay outside the block).
fn block_end(front: &[&str], start: usize) -> usize {
    let mut end = start + 1;
    let mut last_content = start + 1;
    while end < front.len() {
        let l = front[end];
        if l.trim().is_empty() {
            end += 1;
            continue;
        }
        if !l.starts_with([' ', '\t', '-', '#']) {
            break;
        }
        end += 1;
        last_content = end;
    }
    last_content
}

/// The `reviewed` block with its first `kept.len()` items and then `entry`.
/// A block list keeps its lines; a flow list (`reviewed: [{…}]`) is
/// written anew as a block list, `kept` first.
fn reviewed_block(
    block: &[&str],
    kept: &[Vec<String>],
    entry: &[String],
    eol: &str,
) -> Vec<String> {
    if entry.is_empty() {
        return block.iter().map(|l| l.to_string()).collect();
    }
    let after = block[0].split_once(':').map_or("", |(_, v)| v.trim());
    let is_block = after.is_empty() || after.starts_with('#');
    let items: Vec<usize> = (1..block.len())
        .filter(|&i| block[i].trim_start().starts_with('-'))
        .collect();
    let indent_of = |i: usize| block[i].len() - block[i].trim_start().len();
    let item_indent = items.first().map_or(0, |&i| indent_of(i));
    let starts: Vec<usize> = items
        .into_iter()
        .filter(|&i| indent_of(i) == item_indent)
        .collect();
    if !is_block {
        let mut out = vec![format!("reviewed:{eol}")];
        for lines in kept.iter().map(Vec::as_slice).chain([entry]) {
            out.extend(item_lines("  ", lines, eol));
        }
        return out;
    }
    let cut = starts.get(kept.len()).copied().unwrap_or(block.len());
    let mut out: Vec<String> = block[..cut].iter().map(|l| l.to_string()).collect();
    if let Some(last) = out.last_mut().filter(|l| !l.ends_with('\n')) {
        last.push_str(eol);
    }
    let prefix = starts
        .first()
        .map_or("  ".to_string(), |&i| " ".repeat(indent_of(i)));
    out.extend(item_lines(&prefix, entry, eol));
    out
}

/// `- stage: …` and the following keys aligned under it.
fn item_lines(indent: &str, entry: &[String], eol: &str) -> Vec<String> {
    entry
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let lead = if i == 0 { "- " } else { "  " };
            format!("{indent}{lead}{l}{eol}")
        })
        .collect()
}
