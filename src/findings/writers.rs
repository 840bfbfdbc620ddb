//! Writers' checks: what a reader or a superior notices before anything
//! else, reported as warnings at the place to fix. A title cut off on a
//! WeChat share card, a summary that no list shows whole, the same story
//! published twice, a photo a screen reader cannot describe, a link that
//! browsers mark "not secure". Personal data is [`super::privacy`]'s,
//! typography [`super::typography`]'s; [`check_story`] runs them all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::config::Config;
use crate::error::{Code, Diagnostic, Text};
use crate::front_matter::Document;
use crate::model::{Headline, Story};
use crate::text::text;

/// Characters of a title that a WeChat share card shows on a phone.
pub const TITLE_CHARS: usize = 30;

/// Characters of a summary that the theme's cards show whole.
pub const SUMMARY_CHARS: usize = crate::markdown::SUMMARY_CHARS;

/// Every finding of one story's own text: personal data, typography, and
/// the lengths of its title and summary. Photos and links of the body are
/// [`body_findings`]'; duplicates across stories [`Duplicates`]'.
pub fn check_story(
    path: &Path,
    doc: &Document,
    meta: Option<&Headline>,
    config: &Config,
    diags: &mut Vec<Diagnostic>,
) {
    super::privacy::check_document(path, doc, &config.privacy, diags);
    super::typography::check_document(path, doc, &config.typography, diags);
    let Some(meta) = meta else { return };
    let title = length(&meta.title);
    if title > TITLE_CHARS {
        diags.push(
            doc.front
                .warning_at(
                    Code::TitleLong,
                    path,
                    "title",
                    text!(
                        "标题有 {} 个字，超过 {} 个字：微信分享卡片会截断它",
                        "the title has {} characters, more than {}: WeChat share cards cut it",
                        title,
                        TITLE_CHARS
                    ),
                )
                .hint(Text::new(
                    "把标题缩到 30 个字以内，细节写进摘要或正文",
                    "shorten it to 30 characters and move the details to the summary or body",
                )),
        );
    }
    if let Some(summary) = &meta.summary {
        let n = length(summary);
        if n > SUMMARY_CHARS {
            diags.push(
                doc.front
                    .warning_at(
                        Code::SummaryLong,
                        path,
                        "summary",
                        text!(
                            "摘要有 {} 个字，超过 {} 个字：列表中的卡片会截断它",
                            "the summary has {} characters, more than {}: cards in lists cut it",
                            n,
                            SUMMARY_CHARS
                        ),
                    )
                    .hint(Text::new(
                        "摘要用一两句话说清是什么、何时、成效如何，120 个字以内",
                        "say what, when and what came of it in one or two sentences, 120 characters at most",
                    )),
            );
        }
    }
}

/// Finds stories published twice: the same branch, kind, title and date
/// (two branches may well each hold a 主题党日活动 on July 1st).
#[derive(Default)]
pub struct Duplicates {
    first: BTreeMap<(usize, usize, String, Date), PathBuf>,
}

impl Duplicates {
    /// Records a published story; warns when one with its title and date
    /// came before (stories come in path order, so the first one stays).
    pub fn add(&mut self, doc: &Document, story: &Story, diags: &mut Vec<Diagnostic>) {
        let (path, meta) = (story.source.as_path(), &story.meta);
        let key = (story.branch, meta.kind, normalized(&meta.title), meta.date);
        match self.first.get(&key) {
            None => {
                self.first.insert(key, path.to_path_buf());
            }
            Some(first) => diags.push(
                doc.front
                    .warning_at(
                        Code::Duplicate,
                        path,
                        "title",
                        text!(
                            "与 {} 标题和日期相同，像是同一篇稿件发了两次",
                            "the same title and date as {}: the same story twice?",
                            crate::error::slash(first)
                        ),
                    )
                    .hint(Text::new(
                        "删去重复的一篇；确是两件事的，改一改标题",
                        "delete one of them; if they are two events, make the titles differ",
                    )),
            ),
        }
    }
}

/// Length as a phone shows it, in Chinese characters: two Latin letters,
/// digits or spaces take the room of one.
fn length(text: &str) -> usize {
    crate::han::display_width(text.chars()).div_ceil(2)
}

/// A title as readers tell titles apart: spaces ignored.
fn normalized(title: &str) -> String {
    title.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The photos without alt text and the `http://` links that the model
/// recorded while rendering a body, each at its place in the file.
pub fn body_findings(path: &Path, body: &crate::markdown::Rendered, diags: &mut Vec<Diagnostic>) {
    for at in &body.no_alt_at {
        diags.push(missing_alt(path, at.line, at.column, at.snippet.clone()));
    }
    for (at, dest) in &body.insecure_at {
        diags.push(insecure_link(
            path,
            at.line,
            at.column,
            at.snippet.clone(),
            dest,
        ));
    }
}

/// The warning for a photo in a body without alt text, at its place.
pub fn missing_alt(path: &Path, line: usize, column: usize, snippet: String) -> Diagnostic {
    Diagnostic::warning(
        Code::PhotoAlt,
        path,
        Text::new(
            "照片没有替代文字：读屏软件无法向视障读者描述它",
            "a photo without alt text: screen readers cannot describe it",
        ),
    )
    .at(line, column)
    .snippet(snippet)
    .hint(Text::new(
        "在方括号里写一句照片的内容，如 ![医生为村民测血压](photo.jpg)",
        "say what the photo shows between the brackets: ![a doctor checks blood pressure](photo.jpg)",
    ))
}

/// The warning for a link to an `http://` address, at its place.
pub fn insecure_link(
    path: &Path,
    line: usize,
    column: usize,
    snippet: String,
    dest: &str,
) -> Diagnostic {
    Diagnostic::warning(
        Code::InsecureLink,
        path,
        text!(
            "链接“{}”用的是 http://：浏览器会标为“不安全”，也可能打不开",
            "the link \"{}\" is http://: browsers mark it \"not secure\" and may not open it",
            dest
        ),
    )
    .at(line, column)
    .snippet(snippet)
    .hint(Text::new(
        "改为 https://（先在浏览器中确认它能打开）",
        "use https:// (check in a browser that it opens)",
    ))
}
