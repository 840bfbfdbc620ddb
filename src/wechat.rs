//! One story as an HTML fragment for the WeChat official account's editor
//! (公众号), beside the render stage: `branchpress wechat`, and the
//! preview's and the desk's "复制到公众号". The editor keeps only inline
//! styles and drops `<style>`, classes, ids and scripts, keeps links only to
//! mp.weixin.qq.com, loses `<pre>` line breaks and breaks lists deeper than
//! two levels; so the story's rendered body is reshaped for it
//! ([`body`]), the theme's `wechat.css` is written into style attributes
//! and everything else is taken off ([`style`]).

mod body;
mod parts;
mod style;

use std::fmt::Write as _;

use base64::Engine as _;

use crate::error::{Code, Diagnostic, Text};
use crate::format::format_date;
use crate::html::escape;
use crate::model::{Site, Story};
use crate::review::State;
use crate::text::{Lang, text};
use crate::theme::Theme;

pub use parts::{Images, MAX_BYTES, MAX_WIDTH};

/// The default theme's `wechat.css`, for a theme that has none.
const DEFAULT_CSS: &str = include_str!("../themes/default/wechat.css");

/// How to make a fragment.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Photos by URL or inline.
    pub images: Images,
    /// Make it for a story review still holds back, marked 待审核.
    pub unreviewed: bool,
}

/// What goes on the clipboard.
#[derive(Clone, Debug, Default)]
pub struct Fragment {
    /// The fragment, every style inline.
    pub html: String,
    /// The same as plain text (`text/plain`).
    pub text: String,
    /// What the editor cannot show, and what was done instead.
    pub warnings: Vec<Diagnostic>,
}

/// Why `story` may not go to the official account: a draft, or a story
/// review still holds back (unless `unreviewed`). None when it may.
pub fn refusal(site: &Site, story: &Story, unreviewed: bool) -> Option<Diagnostic> {
    let title = &story.meta.title;
    if story.meta.draft {
        return Some(
            Diagnostic::error(
                Code::WechatRefused,
                &story.source,
                text!(
                    "《{}》是草稿（draft: true），不能发到公众号",
                    "\"{}\" is a draft (draft: true): it cannot go to the official account",
                    title
                ),
            )
            .hint(Text::new(
                "写完后去掉 draft: true（写作台中取消勾选“草稿”）",
                "remove draft: true when it is finished",
            )),
        );
    }
    let state = story.review?;
    if state.is_approved() || unreviewed {
        return None;
    }
    let stage = review_stage(site, state);
    Some(
        Diagnostic::error(
            Code::WechatRefused,
            &story.source,
            text!(
                "《{}》还在等待“{}”：审核通过后才能发到公众号",
                "\"{}\" is waiting for \"{}\": it can go to the official account once approved",
                title,
                stage
            ),
        )
        .hint(Text::new(
            "先审后发：请审核人在写作台“审核”中通过它；要给审核人看，可加 --unreviewed（开头会标明“待审核，请勿发布”）",
            "review comes first; to show it to a reviewer, add --unreviewed (it then starts with \"not reviewed, do not publish\")",
        )),
    )
}

/// The stage a held-back story waits for, by name.
fn review_stage(site: &Site, state: State) -> String {
    let stages = site.config.review.as_ref().map(|r| r.stages.as_slice());
    state
        .next_stage()
        .and_then(|i| stages.and_then(|s| s.get(i)))
        .cloned()
        .unwrap_or_default()
}

/// The fragment of `story` (call [`refusal`] first). `theme` gives
/// `wechat.css` (the built-in one when it has none).
pub fn fragment(site: &Site, theme: &Theme, story: &Story, options: &Options) -> Fragment {
    let lang = site.config.language;
    let (css, origin) = theme.wechat_css.as_ref().map_or(
        (DEFAULT_CSS, "(built-in) themes/default/wechat.css"),
        |(c, o)| (c.as_str(), o.as_str()),
    );
    let mut warnings = style::check_css(css, origin);
    let mut cx = body::Context::new(site, &story.source, options.images);
    let reshaped = body::reshape(&story.body.html, &mut cx);
    warnings.append(&mut cx.warnings);
    let url = format!("{}{}", site.config.base_url, story.path);

    let mut html = String::from("<section class=\"wx\">");
    if story.review.is_some_and(|s| !s.is_approved()) {
        let line = match lang {
            Lang::ZhCn => "待审核，请勿发布",
            Lang::En => "Not reviewed: do not publish",
        };
        let _ = write!(html, "<p class=\"wx-unreviewed\">{line}</p>");
    }
    let _ = write!(
        html,
        "<h1 class=\"wx-title\">{}</h1><p class=\"wx-meta\">{}</p>",
        escape(&story.meta.title),
        escape(&meta_line(site, story, lang)),
    );
    if let Some(summary) = story
        .meta
        .summary
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        let _ = write!(html, "<p class=\"wx-lead\">{}</p>", escape(summary.trim()));
    }
    html.push_str(&facts(site, story, lang));
    let _ = write!(html, "<section class=\"wx-body\">{reshaped}</section>");
    if !cx.notes.is_empty() {
        let title = match lang {
            Lang::ZhCn => "引用链接",
            Lang::En => "Links",
        };
        let _ = write!(
            html,
            "<section class=\"wx-notes\"><p class=\"wx-notes-title\">{title}</p>"
        );
        for (i, (label, address)) in cx.notes.iter().enumerate() {
            let _ = write!(
                html,
                "<p class=\"wx-note\">[{}] {}{}</p>",
                i + 1,
                escape(label),
                escape(address)
            );
        }
        html.push_str("</section>");
    }
    html.push_str(&source_block(&url, lang));
    html.push_str("</section>");

    let inlined = style::inline(&html, css);
    let html = style::strip(&inlined);
    let text = plain_text(site, story, &cx.notes, &url, lang);
    Fragment {
        html,
        text,
        warnings,
    }
}

/// "内科党支部 · 联合 外科党支部 · 2024年5月2日".
fn meta_line(site: &Site, story: &Story, lang: Lang) -> String {
    let mut parts = vec![site.branches[story.branch].meta.name.clone()];
    let with: Vec<&str> = (story.with.iter())
        .map(|&b| site.branches[b].meta.name.as_str())
        .collect();
    if !with.is_empty() {
        parts.push(match lang {
            Lang::ZhCn => format!("联合 {}", with.join("、")),
            Lang::En => format!("with {}", with.join(", ")),
        });
    }
    parts.push(format_date(story.date(), lang));
    parts.join(" · ")
}

/// The story's fields and figures, as the story page's facts panel shows
/// them (活动类型 义诊 · 参与人数 64 人 …); empty when it has none.
fn facts(site: &Site, story: &Story, lang: Lang) -> String {
    let config = &site.config;
    let kind = &config.kinds[story.meta.kind];
    let mut rows: Vec<(String, String, bool)> = Vec::new();
    for (key, value) in &story.meta.fields {
        let label = kind.field(key).map_or(key.as_str(), |spec| {
            crate::format::label(
                spec.label.as_deref().unwrap_or(key),
                spec.label_en.as_deref(),
                lang,
            )
        });
        let text = match (value, lang) {
            (crate::schema::FieldValue::Bool(b), Lang::ZhCn) => {
                if *b { "是" } else { "否" }.to_string()
            }
            _ => crate::schema::field_text(value),
        };
        rows.push((label.to_string(), text, false));
    }
    for (m, v) in &story.meta.metrics {
        let m = &config.metrics[*m];
        let label = crate::format::label(&m.label, m.label_en.as_deref(), lang);
        let unit = crate::format::label(&m.unit, m.unit_en.as_deref(), lang);
        rows.push((
            label.to_string(),
            format!("{} {unit}", crate::format::Num(*v)),
            true,
        ));
    }
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::from("<section class=\"wx-facts\">");
    for (label, value, figure) in rows {
        let _ = write!(
            out,
            "<p class=\"wx-fact\"><span class=\"wx-fact-label\">{}</span> <span class=\"{}\">{}</span></p>",
            escape(&label),
            if figure {
                "wx-fact-figure"
            } else {
                "wx-fact-value"
            },
            escape(value.trim_end())
        );
    }
    out.push_str("</section>");
    out
}

/// The story's address on the portal and its QR code, at the end.
fn source_block(url: &str, lang: Lang) -> String {
    let (read, scan) = match lang {
        Lang::ZhCn => ("原文地址：", "扫码在网站上阅读"),
        Lang::En => ("On the portal: ", "Scan to read it on the portal"),
    };
    let qr = crate::qr::qr_png(url, 4).map(|png| {
        format!(
            "<img class=\"wx-qr\" src=\"data:image/png;base64,{}\" alt=\"{scan}\" /><p>{scan}</p>",
            base64::engine::general_purpose::STANDARD.encode(png)
        )
    });
    format!(
        "<section class=\"wx-source\"><p>{read}{}</p>{}</section>",
        escape(url),
        qr.unwrap_or_default()
    )
}

/// The plain-text version: title, date line, summary, body text, the
/// references and the address.
fn plain_text(
    site: &Site,
    story: &Story,
    notes: &[(String, String)],
    url: &str,
    lang: Lang,
) -> String {
    let mut out = String::new();
    if story.review.is_some_and(|s| !s.is_approved()) {
        out.push_str(match lang {
            Lang::ZhCn => "待审核，请勿发布\n\n",
            Lang::En => "Not reviewed: do not publish\n\n",
        });
    }
    let _ = writeln!(
        out,
        "{}\n{}\n",
        story.meta.title,
        meta_line(site, story, lang)
    );
    if let Some(summary) = story
        .meta
        .summary
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        let _ = writeln!(out, "{}\n", summary.trim());
    }
    for block in story.body.text.split('\n').filter(|b| !b.trim().is_empty()) {
        let _ = writeln!(out, "{}\n", block.trim_end());
    }
    if !notes.is_empty() {
        out.push_str(match lang {
            Lang::ZhCn => "引用链接\n",
            Lang::En => "Links\n",
        });
        for (i, (label, address)) in notes.iter().enumerate() {
            let _ = writeln!(out, "[{}] {label}{address}", i + 1);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{}{url}",
        match lang {
            Lang::ZhCn => "原文地址：",
            Lang::En => "On the portal: ",
        }
    );
    out
}

#[cfg(test)]
mod tests;
