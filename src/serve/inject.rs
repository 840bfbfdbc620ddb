//! What `serve` adds to every previewed HTML page: the reload script, the
//! errors over the page or the page's own warnings at its foot, and the
//! desk's buttons.

use std::path::{Path, PathBuf};

use super::state::Dev;
use super::wechat::WECHAT_PATH;
use crate::desk;
use crate::error::{Diagnostic, Lang};

/// The URL path of the reload events.
pub const EVENTS_PATH: &str = "/__branchpress/events";

impl Dev {
    /// Adds the reload script (and the errors, if any) to an HTML page.
    pub(super) fn decorate(&self, path: &str, mut bytes: Vec<u8>) -> Vec<u8> {
        if !path.ends_with(".html") {
            return bytes;
        }
        let mut extra = String::new();
        if !self.errors.is_empty() {
            extra.push_str(&overlay(&self.errors, self.lang));
        } else if let Some(box_) = self.warnings_box(path) {
            extra.push_str(&box_);
        }
        extra.push_str(&reload_script());
        if self.desk {
            extra.push_str(&self.desk_buttons(path));
        }
        let at = find_last(&bytes, b"</body>").unwrap_or(bytes.len());
        bytes.splice(at..at, extra.into_bytes());
        bytes
    }

    /// The source file a page is made from (a story, branch or page).
    fn page_source(&self, page: &str) -> Option<&Path> {
        let site = &self.built.as_ref()?.site;
        let dir = page.strip_suffix("index.html")?;
        let story = site
            .stories
            .iter()
            .find(|s| s.path == dir)
            .map(|s| &s.source);
        let branch = || {
            site.branches
                .iter()
                .find(|b| b.path == dir)
                .map(|b| &b.source)
        };
        let other = || site.pages.iter().find(|p| p.path == dir).map(|p| &p.source);
        story.or_else(branch).or_else(other).map(PathBuf::as_path)
    }

    /// The warnings of the page's own file in a box at the foot of the page,
    /// which the writer may close: nothing blocks the preview.
    fn warnings_box(&self, page: &str) -> Option<String> {
        let source = self.page_source(page)?;
        let own: Vec<&Diagnostic> = self
            .warnings()
            .iter()
            .filter(|w| w.path == source)
            .collect();
        if own.is_empty() {
            return None;
        }
        let (title, note) = match self.lang {
            Lang::ZhCn => (
                format!("本页有 {} 处提醒", own.len()),
                "不影响预览和生成；改正后保存，页面会自动刷新。",
            ),
            Lang::En => (
                format!("{} warning(s) on this page", own.len()),
                "They do not stop the preview or the build; fix and save, and the page reloads.",
            ),
        };
        let text: Vec<String> = own.iter().map(|w| w.render(self.lang)).collect();
        Some(format!(
            concat!(
                "<aside id=\"bp-warnings\" role=\"status\" aria-labelledby=\"bp-warnings-title\" ",
                "style=\"position:fixed;left:.75rem;right:.75rem;bottom:4rem;z-index:2147483645;max-height:40vh;overflow:auto;",
                "background:#fff8e1;color:#3b2a00;border:2px solid #b7791f;border-radius:8px;padding:.75rem 1rem;",
                "font:15px/1.5 system-ui,sans-serif;box-shadow:0 2px 12px rgba(0,0,0,.25)\">",
                "<h2 id=\"bp-warnings-title\" style=\"margin:0;font-size:1rem\">{}</h2><p style=\"margin:.25rem 0 .5rem\">{}</p>",
                "<pre style=\"white-space:pre-wrap;margin:0 0 .5rem;font:13px/1.5 ui-monospace,monospace\">{}</pre>",
                "<button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"font:inherit;padding:.3rem .9rem\">{}</button></aside>"
            ),
            crate::html::escape(&title),
            note,
            crate::html::escape(&text.join("\n")),
            close(self.lang)
        ))
    }

    /// The desk's buttons on a page: "写稿" everywhere (for the page's
    /// branch, on its pages), "编辑本文" on a story.
    fn desk_buttons(&self, page: &str) -> String {
        let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let site = self.built.as_ref().map(|b| &b.site);
        let story = site.and_then(|site| {
            site.stories
                .iter()
                .find(|s| page.strip_suffix("index.html") == Some(s.path.as_str()))
        });
        let branch = site.and_then(|site| {
            site.branches
                .iter()
                .find(|b| page.starts_with(b.path.as_str()))
                .map(|b| b.slug.as_str())
        });
        let (write, edit, label, wechat) = match self.lang {
            Lang::ZhCn => ("写稿", "编辑本文", "写作台", "复制到公众号"),
            Lang::En => (
                "Write",
                "Edit this story",
                "Writing desk",
                "Copy for WeChat",
            ),
        };
        let style = "display:inline-block;margin-left:.5rem;padding:.55rem .9rem;border-radius:2rem;background:#9f1b1b;color:#fff;font:600 15px/1.2 system-ui,sans-serif;text-decoration:none;box-shadow:0 2px 8px rgba(0,0,0,.3)";
        let mut html = format!(
            "<nav id=\"bp-desk-entry\" aria-label=\"{label}\" style=\"position:fixed;right:.75rem;bottom:.75rem;z-index:2147483646\">"
        );
        if let Some(story) = story {
            html.push_str(&format!(
                "<a style=\"{style}\" href=\"{}#/edit?path={}\">{edit}</a>",
                desk::PATH,
                enc(&crate::error::slash(&story.source))
            ));
            html.push_str(&format!(
                "<button type=\"button\" id=\"bp-wechat\" style=\"{style};border:0;cursor:pointer\" data-path=\"{}\">{wechat}</button>",
                crate::html::escape(&crate::error::slash(&story.source))
            ));
        }
        let new = branch.map_or(String::new(), |b| format!("?branch={}", enc(b)));
        html.push_str(&format!(
            "<a style=\"{style}\" href=\"{}#/new{new}\">{write}</a>",
            desk::PATH
        ));
        // Its script inside the nav: all that the desk adds is one element.
        if story.is_some() {
            html.push_str(&wechat_script(self.lang));
        }
        html.push_str("</nav>");
        html
    }
}

/// The script of the "复制到公众号" button and its panel.
fn wechat_script(lang: Lang) -> String {
    let labels = match lang {
        Lang::ZhCn => serde_json::json!({
            "title": "复制到公众号",
            "note": "下面是粘贴到公众号编辑器后的样子。",
            "preview": "公众号编辑器中的样子",
            "copy": "复制",
            "close": "关闭",
            "loading": "正在生成……",
            "copied": "已复制，可直接粘贴到公众号编辑器",
            "blocked": "浏览器不允许写入剪贴板：已选中上面的内容，请按 Ctrl+C（Mac 上按 ⌘C）复制",
            "failed": "无法生成，请稍后再试",
            "hint": "（{0}）",
        }),
        Lang::En => serde_json::json!({
            "title": "Copy for WeChat",
            "note": "This is how the official account's editor will show it.",
            "preview": "As the official account's editor shows it",
            "copy": "Copy",
            "close": "Close",
            "loading": "Making it…",
            "copied": "Copied: paste it into the official account's editor",
            "blocked": "The browser does not allow writing to the clipboard: the content above is selected, press Ctrl+C (⌘C on a Mac)",
            "failed": "It could not be made; try again",
            "hint": " ({0})",
        }),
    };
    // `</` never appears in JSON's output as written here, but is escaped
    // anyway so that no label could end the script.
    let labels = labels.to_string().replace("</", "<\\/");
    format!(
        "<script>(function(){{var L={labels};var URL={url:?};{}}})();</script>",
        include_str!("wechat_panel.js"),
        url = WECHAT_PATH,
    )
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The script that reloads the page when the site changes.
pub(super) fn reload_script() -> String {
    format!(
        "<script>new EventSource(\"{EVENTS_PATH}\").onmessage=function(){{location.reload()}};</script>"
    )
}

/// The errors, over the page, until they are fixed.
pub(super) fn overlay(errors: &[Diagnostic], lang: Lang) -> String {
    let (title, note) = match lang {
        Lang::ZhCn => ("有错误，网站未更新", "改正后保存，页面会自动刷新。"),
        Lang::En => (
            "The site has errors and was not updated",
            "Fix them and save: the page reloads by itself.",
        ),
    };
    let text: Vec<String> = errors.iter().map(|e| e.render(lang)).collect();
    format!(
        concat!(
            "<div id=\"bp-errors\" role=\"alertdialog\" aria-modal=\"true\" aria-labelledby=\"bp-errors-title\" ",
            "style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(40,10,10,.94);",
            "color:#fff;padding:1.25rem;font:15px/1.6 system-ui,sans-serif\">",
            "<h2 id=\"bp-errors-title\" style=\"margin:0 0 .25rem;color:#ffb4a8\">{}</h2><p style=\"margin:0 0 1rem\">{}</p>",
            "<pre style=\"white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace;background:#1b0f0f;padding:1rem;border-radius:6px\">{}</pre>",
            "<button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"font:inherit;padding:.4rem 1rem\">{}</button></div>"
        ),
        title,
        note,
        crate::html::escape(&text.join("\n")),
        close(lang)
    )
}

/// The label of the button that closes a box over the page.
fn close(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "关闭",
        Lang::En => "Close",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reload_script_goes_before_the_end_of_body() {
        let bytes = b"<html><body><p>x</p></body></html>".to_vec();
        let at = find_last(&bytes, b"</body>");
        assert_eq!(at, Some(20));
    }
}
