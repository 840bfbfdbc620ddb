//! What a story says of its review: the `reviewed` list and the
//! `review_note`, checked against site.yaml's stages; the digest of the text
//! an approval stands for; and the state that follows from both.

use std::path::Path;

use jiff::civil::Date;

use crate::config::Review;
use crate::error::{Code, Diagnostic, Text};
use crate::front_matter::{Document, RawFrontMatter};
use crate::text::text;
use crate::yaml::Value;

/// The front-matter keys review writes; the digest leaves them out.
pub const REVIEW_FIELDS: &[&str] = &["reviewed", "review_note"];

/// Hex characters of a digest.
pub const DIGEST_LEN: usize = 12;

/// One approval of a story: a `reviewed` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    /// Index of the stage in `review.stages`.
    pub stage: usize,
    /// Who approved, as written.
    pub by: String,
    /// When.
    pub date: Date,
    /// The digest of the text approved.
    pub digest: String,
    /// A remark the reviewer left with the approval.
    pub note: Option<String>,
}

/// A story's review record, as its front matter writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// The approvals, in stage order.
    pub approvals: Vec<Approval>,
    /// The note of a reviewer who returned the story (`review_note`).
    pub note: Option<String>,
}

/// Where a story stands in review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    /// `draft: true`: not offered for review.
    Draft,
    /// Waiting for the stage of this index; no approval was invalidated.
    Waiting(usize),
    /// Edited after an approval, which no longer counts; waiting for the stage of this index.
    Changed(usize),
    /// Every stage approved the current text.
    Approved,
}

impl State {
    /// The stage a story waits for, if any.
    pub fn next_stage(self) -> Option<usize> {
        match self {
            State::Waiting(s) | State::Changed(s) => Some(s),
            State::Draft | State::Approved => None,
        }
    }

    /// Whether the story may be published.
    pub fn is_approved(self) -> bool {
        self == State::Approved
    }

    /// The state as the desk's list shows it: 草稿, 待支部审核, 已通过, 已修改需重审.
    pub fn label(self, review: &Review) -> Text {
        match self {
            State::Draft => Text::new("草稿", "draft"),
            State::Waiting(s) => text!("待{}", "waiting for {}", review.stages[s]),
            State::Changed(_) => Text::new("已修改需重审", "changed, to review again"),
            State::Approved => Text::new("已通过", "approved"),
        }
    }

    /// A short stable name for machines (`draft`, `waiting`, `changed`, `approved`).
    pub fn key(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Waiting(_) => "waiting",
            State::Changed(_) => "changed",
            State::Approved => "approved",
        }
    }
}

/// The state of a story: its approvals (in stage order, as [`check_record`]
/// leaves them) matched against its current digest, stage by stage.
pub fn state(review: &Review, draft: bool, record: &Record, digest: &str) -> State {
    if draft {
        return State::Draft;
    }
    let matching = record
        .approvals
        .iter()
        .enumerate()
        .take_while(|(i, a)| a.stage == *i && a.digest == digest)
        .count();
    if matching >= review.stages.len() {
        State::Approved
    } else if record.approvals.iter().any(|a| a.digest != digest) {
        State::Changed(matching)
    } else {
        State::Waiting(matching)
    }
}

/// The digest of a story as an approval binds it: blake3 of its text with
/// the `reviewed` and `review_note` blocks left out, CRLF read as LF (the
/// BOM is already gone from a parsed document); the first 12 hex characters.
pub fn digest(doc: &Document) -> String {
    let front = doc.front.text().replace("\r\n", "\n");
    let lines: Vec<&str> = front.split_inclusive('\n').collect();
    let mut hasher = blake3::Hasher::new();
    let mut skip = false;
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            // The opening `---`: a file given front matter by an approval
            // keeps the digest it had without.
            continue;
        }
        if !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty() {
            skip = REVIEW_FIELDS.iter().any(|k| is_key_line(line, k));
        }
        if !skip {
            hasher.update(line.as_bytes());
        }
    }
    hasher.update(b"---\n");
    hasher.update(doc.body().replace("\r\n", "\n").as_bytes());
    let mut hex = hasher.finalize().to_hex().to_string();
    hex.truncate(DIGEST_LEN);
    hex
}

/// Whether `line` opens the top-level key `key` (`key:`, `"key":`, `'key':`).
pub fn is_key_line(line: &str, key: &str) -> bool {
    [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .any(|k| {
            line.strip_prefix(k.as_str())
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
}

/// Reads and checks `reviewed` and `review_note`: every problem (not a
/// list, an entry without its four keys, an unknown stage, a stage out of
/// order or twice, a bad date or digest) goes to `diagnostics` at the field's line.
pub fn check_record(
    path: &Path,
    front: &RawFrontMatter,
    review: &Review,
    diagnostics: &mut Vec<Diagnostic>,
) -> Record {
    let mut problem = |code: Code, field: &str, message: Text, hint: Option<Text>| {
        let mut d = front.error_at(code, path, field, message);
        d.hint = hint;
        diagnostics.push(d);
    };
    let note = match front.get("review_note") {
        None | Some(Value::Null) => None,
        Some(v) => match scalar(v) {
            Some(s) if !s.trim().is_empty() => Some(s),
            Some(_) => None,
            None => {
                problem(
                    Code::ReviewField,
                    "review_note",
                    Text::new("review_note 应为一段文字", "review_note must be text"),
                    None,
                );
                None
            }
        },
    };
    let entries = match front.get("reviewed") {
        None | Some(Value::Null) => {
            return Record {
                approvals: Vec::new(),
                note,
            };
        }
        Some(Value::Sequence(items)) => items,
        Some(_) => {
            problem(
                Code::ReviewField,
                "reviewed",
                Text::new(
                    "reviewed 应为审核记录的列表",
                    "reviewed must be a list of approvals",
                ),
                Some(entry_hint()),
            );
            return Record {
                approvals: Vec::new(),
                note,
            };
        }
    };
    let mut approvals = Vec::new();
    let mut last: Option<usize> = None;
    for (n, item) in entries.iter().enumerate() {
        let Some(a) = read_entry(n + 1, item, review, &mut problem) else {
            continue;
        };
        let expected = last.map_or(0, |l| l + 1);
        if a.stage != expected {
            let message = match last {
                Some(l) if a.stage <= l => text!(
                    "审核记录中“{}”写在“{}”之后或重复：须按 review.stages 的顺序，每个环节一次",
                    "\"{}\" comes after \"{}\" or twice: approvals follow review.stages, each stage once",
                    review.stages[a.stage],
                    review.stages[l]
                ),
                _ => text!(
                    "“{}”之前须先有“{}”的审核记录",
                    "\"{}\" needs an approval of \"{}\" before it",
                    review.stages[a.stage],
                    review.stages[expected]
                ),
            };
            problem(
                Code::ReviewOrder,
                "reviewed",
                message,
                Some(stages_hint(review)),
            );
        }
        last = Some(a.stage.max(last.map_or(0, |l| l)));
        approvals.push(a);
    }
    Record { approvals, note }
}

type Problem<'a> = dyn FnMut(Code, &str, Text, Option<Text>) + 'a;

/// One entry of `reviewed`, or None (and a problem) when it does not work.
fn read_entry(n: usize, item: &Value, review: &Review, problem: &mut Problem) -> Option<Approval> {
    let mut bad = |message: Text, hint: Option<Text>| {
        problem(
            Code::ReviewField,
            "reviewed",
            Text::new(
                format!("第 {n} 条审核记录：{}", message.zh),
                format!("approval {n}: {}", message.en),
            ),
            hint,
        );
    };
    let Value::Mapping(map) = item else {
        bad(
            Text::new(
                "应为“stage/by/date/digest”的映射",
                "must be a mapping of stage, by, date and digest",
            ),
            Some(entry_hint()),
        );
        return None;
    };
    let get = |k: &str| map.get(k).and_then(scalar).filter(|s| !s.trim().is_empty());
    for key in map.keys() {
        let known = key
            .as_str()
            .is_some_and(|k| ["stage", "by", "date", "digest", "note"].contains(&k));
        if !known {
            bad(
                text!(
                    "不认识的键“{}”",
                    "unknown key \"{}\"",
                    scalar(key).unwrap_or_default()
                ),
                Some(entry_hint()),
            );
            return None;
        }
    }
    let (Some(stage), Some(by), Some(date), Some(digest)) =
        (get("stage"), get("by"), get("date"), get("digest"))
    else {
        bad(
            Text::new(
                "缺少 stage、by、date 或 digest",
                "stage, by, date or digest is missing",
            ),
            Some(entry_hint()),
        );
        return None;
    };
    let Some(stage_index) = review.stage_index(&stage) else {
        bad(
            text!(
                "环节“{}”不在 site.yaml 的 review.stages 中",
                "stage \"{}\" is not in site.yaml's review.stages",
                stage
            ),
            Some(stages_hint(review)),
        );
        return None;
    };
    let Some(date) = (date.len() == 10)
        .then(|| date.parse::<Date>().ok())
        .flatten()
    else {
        bad(
            text!(
                "日期“{}”无效（应如 2024-05-02）",
                "the date \"{}\" is not valid (e.g. 2024-05-02)",
                date
            ),
            None,
        );
        return None;
    };
    if digest.len() != DIGEST_LEN
        || !digest
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        bad(
            text!(
                "digest“{}”应为 12 位小写十六进制字符（由 branchpress approve 或写作台写入）",
                "the digest \"{}\" must be 12 lowercase hex characters (written by branchpress approve or the desk)",
                digest
            ),
            None,
        );
        return None;
    }
    Some(Approval {
        stage: stage_index,
        by,
        date,
        digest,
        note: get("note"),
    })
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn entry_hint() -> Text {
    Text::new(
        "每条写 stage、by、date、digest 四项，如 {stage: 支部审核, by: 刘强, date: 2024-05-02, digest: 3f9a61c0d2e4}",
        "give each stage, by, date and digest, e.g. {stage: branch, by: Liu Qiang, date: 2024-05-02, digest: 3f9a61c0d2e4}",
    )
}

fn stages_hint(review: &Review) -> Text {
    let list = review.stages.join("、");
    let list_en = review.stages.join(", ");
    Text::new(
        format!("审核环节依次为：{list}"),
        format!("the stages, in order: {list_en}"),
    )
}
