//! The story's rendered body reshaped for the official account's editor,
//! still with classes (`wx-*`) for `wechat.css`: links become numbered
//! references, lists two levels deep with their markers as text, code
//! lines as `<br>` and `&nbsp;`, photos one variant each (by URL or
//! inline), videos and iframes plain links with a warning, the `stat`
//! shortcode and figures plain blocks.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use dom_query::{Document, NodeRef, Selection};

use super::parts::{Images, MAX_BYTES, MAX_WIDTH};
use crate::error::{Code, Diagnostic, Text};
use crate::html::escape;
use crate::model::Site;
use crate::text::{Lang, text};

/// What reshaping needs, and what it finds.
pub(super) struct Context<'a> {
    site: &'a Site,
    source: &'a Path,
    images: Images,
    lang: Lang,
    /// `https://example.org` (the base URL without its path).
    origin: String,
    /// What the editor cannot show.
    pub(super) warnings: Vec<Diagnostic>,
    /// The references, in order: (the link's text and a colon, or nothing
    /// when the text is the address; the address).
    pub(super) notes: Vec<(String, String)>,
}

impl<'a> Context<'a> {
    pub(super) fn new(site: &'a Site, source: &'a Path, images: Images) -> Context<'a> {
        let base = &site.config.base_url;
        let after_scheme = base.find("://").map_or(0, |i| i + 3);
        let origin = match base[after_scheme..].find('/') {
            Some(i) => base[..after_scheme + i].to_string(),
            None => base.trim_end_matches('/').to_string(),
        };
        Context {
            site,
            source,
            images,
            lang: site.config.language,
            origin,
            warnings: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// An address as a reader outside the site reaches it.
    fn absolute(&self, url: &str) -> String {
        if url.contains("://") || url.starts_with("mailto:") || url.starts_with("tel:") {
            url.to_string()
        } else if let Some(rest) = url.strip_prefix("//") {
            format!("https://{rest}")
        } else if url.starts_with(self.site.config.base_path()) {
            format!("{}{url}", self.origin)
        } else if let Some(rest) = url.strip_prefix('/') {
            // Rendered under another base path (serve previews at `/`
            // what is published under `/portal/`): the published one.
            format!("{}{rest}", self.site.config.base_url)
        } else {
            format!("{}{url}", self.site.config.base_url)
        }
    }

    fn warn(&mut self, message: Text, hint: Text) {
        self.warnings
            .push(Diagnostic::warning(Code::WechatDropped, self.source, message).hint(hint));
    }
}

/// Elements the editor cannot hold at all; dropped with their content.
const DROPPED: &str = "script, style, noscript, template, link, meta, form, input, button, select, textarea, svg, math, canvas";

/// The body, reshaped.
pub(super) fn reshape(html: &str, cx: &mut Context) -> String {
    let doc = Document::fragment(html);
    doc.select(DROPPED).remove();
    media(&doc, cx);
    figures(&doc);
    stats(&doc);
    photos(&doc, cx);
    links(&doc, cx);
    lists(&doc);
    tables(&doc);
    code(&doc);
    inner(&doc)
}

/// The fragment's HTML, without the `<html>` the parser wraps it in.
pub(super) fn inner(doc: &Document) -> String {
    let html = doc.select("html");
    if html.exists() {
        html.inner_html().to_string()
    } else {
        doc.html().to_string()
    }
}

/// Videos (the `video` shortcode, a raw `<video>`, `<audio>`, `<iframe>`,
/// `<object>` or `<embed>`) become a paragraph with a plain link, with a
/// warning: the editor plays only what is uploaded to it.
fn media(doc: &Document, cx: &mut Context) {
    for figure in doc.select("figure.bp-video").iter() {
        let src = (figure.select("source[src]").attr("src"))
            .or_else(|| figure.select("video[src]").attr("src"))
            .map(|s| s.to_string())
            .unwrap_or_default();
        let caption = figure.select("figcaption").text().trim().to_string();
        figure.replace_with_html(media_paragraph(cx, "video", &src, &caption));
    }
    for el in doc.select("video, audio, iframe, object, embed").iter() {
        let name = el.nodes()[0]
            .node_name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        let src = (el.attr("src"))
            .or_else(|| el.attr("data"))
            .or_else(|| el.select("source[src]").attr("src"))
            .map(|s| s.to_string())
            .unwrap_or_default();
        let title = el.attr("title").map(|s| s.to_string()).unwrap_or_default();
        el.replace_with_html(media_paragraph(cx, &name, &src, &title));
    }
}

/// The paragraph that stands for a video or an embedded page, and its warning.
fn media_paragraph(cx: &mut Context, element: &str, src: &str, caption: &str) -> String {
    let video = matches!(element, "video" | "audio");
    let file = src.rsplit('/').next().unwrap_or(src).to_string();
    let (what_zh, what_en) = if video {
        ("视频", "a video")
    } else {
        ("嵌入的网页", "an embedded page")
    };
    let name = if file.is_empty() {
        element
    } else {
        file.as_str()
    };
    cx.warn(
        Text::new(
            format!("公众号编辑器不能显示{what_zh}“{name}”：已换成一个链接"),
            format!(
                "the official account's editor cannot show {what_en} (\"{name}\"): it became a link"
            ),
        ),
        if video {
            Text::new(
                "请在公众号编辑器中另行上传视频，放回原处",
                "upload the video in the editor and put it back in its place",
            )
        } else {
            Text::new(
                "粘贴后请检查这一段：读者只能看到链接",
                "check this paragraph after pasting: readers see only the link",
            )
        },
    );
    let label = match (cx.lang, video) {
        (Lang::ZhCn, true) => "视频",
        (Lang::ZhCn, false) => "内容",
        (Lang::En, true) => "Video",
        (Lang::En, false) => "Content",
    };
    let shown = if caption.is_empty() { &file } else { caption };
    if src.is_empty() {
        return format!("<p class=\"wx-media\">{label}：{}</p>", escape(shown));
    }
    let (open, close) = match cx.lang {
        Lang::ZhCn => ("（请在网站上观看：", "）"),
        Lang::En => (" (see it on the portal: ", ")"),
    };
    format!(
        "<p class=\"wx-media\">{label}：{}{open}<a href=\"{}\">{}</a>{close}</p>",
        escape(shown),
        escape(&cx.absolute(src)),
        escape(&cx.absolute(src)),
    )
}

/// Figures and galleries become sections with a caption paragraph (the
/// editor's support of `<figure>` is uneven).
fn figures(doc: &Document) {
    for figure in doc.select("figure").iter() {
        let photos: Vec<String> = (figure.select("img").iter())
            .map(|img| img.html().to_string())
            .collect();
        let caption = figure.select("figcaption").inner_html().to_string();
        let caption = if caption.trim().is_empty() {
            String::new()
        } else {
            format!("<p class=\"wx-caption\">{caption}</p>")
        };
        figure.replace_with_html(format!(
            "<section class=\"wx-figure\">{}{caption}</section>",
            photos.concat()
        ));
    }
}

/// The `stat` shortcode: the figure above its label, as blocks.
fn stats(doc: &Document) {
    for stat in doc.select("p.bp-stat").iter() {
        let label = stat.select(".bp-stat-label").inner_html().to_string();
        let value = stat.select(".bp-stat-value");
        let unit = value.select("small").inner_html().to_string();
        value.select("small").remove();
        let unit = if unit.is_empty() {
            String::new()
        } else {
            format!("<span class=\"wx-stat-unit\">{unit}</span>")
        };
        stat.replace_with_html(format!(
            "<section class=\"wx-stat\"><p class=\"wx-stat-value\">{}{unit}</p><p class=\"wx-stat-label\">{label}</p></section>",
            value.inner_html().trim()
        ));
    }
}

/// Each photo shows one variant: the widest at most [`MAX_WIDTH`] wide,
/// by absolute URL or as a data URI; its width goes in `style`.
fn photos(doc: &Document, cx: &mut Context) {
    for source in doc.select("picture source").iter() {
        source.remove();
    }
    for picture in doc.select("picture").iter() {
        picture.replace_with_html(picture.inner_html());
    }
    for img in doc.select("img").iter() {
        let src = img.attr("src").map(|s| s.to_string()).unwrap_or_default();
        let srcset = img
            .attr("srcset")
            .map(|s| s.to_string())
            .unwrap_or_default();
        let (url, width) = pick_variant(&src, &srcset);
        let alt = img.attr("alt").map(|s| s.to_string()).unwrap_or_default();
        let width = width.or_else(|| img.attr("width").and_then(|w| w.parse().ok()));
        let shown = match cx.images {
            Images::Public => Some(cx.absolute(&url)),
            Images::Inline => inline_photo(cx, &url),
        };
        let Some(shown) = shown else {
            img.replace_with_html(format!("<span>{}</span>", escape(&alt)));
            continue;
        };
        let style = match width {
            Some(w) => format!("width: {w}px; max-width: 100%; height: auto;"),
            None => "max-width: 100%; height: auto;".to_string(),
        };
        img.replace_with_html(format!(
            "<img src=\"{}\" alt=\"{}\" style=\"{style}\" />",
            escape(&shown),
            escape(&alt)
        ));
    }
}

/// The URL and width of the variant to show: from `srcset`, the widest at
/// most [`MAX_WIDTH`] (or the narrowest, when all are wider); else `src`.
pub(super) fn pick_variant(src: &str, srcset: &str) -> (String, Option<u32>) {
    let mut variants: Vec<(u32, &str)> = srcset
        .split(',')
        .filter_map(|c| {
            let mut parts = c.split_whitespace();
            let url = parts.next()?;
            let w = parts.next()?.strip_suffix('w')?.parse().ok()?;
            Some((w, url))
        })
        .collect();
    variants.sort();
    let fits = variants.iter().rev().find(|(w, _)| *w <= MAX_WIDTH);
    match fits.or(variants.first()) {
        Some(&(w, url)) => (url.to_string(), Some(w)),
        None => (src.to_string(), None),
    }
}

/// A published variant as a data URI, from the image cache; None (with a
/// warning) when it is not a processed photo or is too large.
fn inline_photo(cx: &mut Context, url: &str) -> Option<String> {
    let base = cx.site.config.base_path();
    let path = url
        .strip_prefix(base)
        .unwrap_or(url)
        .trim_start_matches('/');
    let file = cx
        .site
        .images
        .get(path)
        .and_then(|image| image.variants.iter().find(|v| v.path == path))
        .map(|v| v.file.clone())
        .or_else(|| asset_file(cx.site, path));
    let bytes = file.as_ref().and_then(|f| std::fs::read(f).ok());
    let Some(bytes) = bytes else {
        cx.warn(
            text!(
                "照片“{}”找不到，不能嵌入：已换成它的替代文字",
                "photo \"{}\" was not found to embed: its alt text stands instead",
                url
            ),
            Text::new(
                "先运行 branchpress build，或改用 --images public",
                "run branchpress build first, or use --images public",
            ),
        );
        return None;
    };
    if bytes.len() as u64 > MAX_BYTES {
        cx.warn(
            text!(
                "照片“{}”有 {} KB，超过公众号的 1 MB：已换成它的替代文字",
                "photo \"{}\" is {} KB, over the editor's 1 MB: its alt text stands instead",
                url,
                bytes.len() / 1024
            ),
            Text::new(
                "换一张小一些的照片，或在编辑器中另行上传",
                "use a smaller photo, or upload it in the editor",
            ),
        );
        return None;
    }
    let mime = match path
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        _ => "image/jpeg",
    };
    Some(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// A copied file (a GIF, an SVG) by its output path.
fn asset_file(site: &Site, path: &str) -> Option<PathBuf> {
    (site.assets.iter())
        .find(|(_, out)| out == path)
        .map(|(file, _)| file.clone())
}

/// Links: to mp.weixin.qq.com they stay; within the page (`#…`) they lose
/// their target; every other becomes its text and a numbered reference.
fn links(doc: &Document, cx: &mut Context) {
    for a in doc.select("a").iter() {
        let href = a
            .attr("href")
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let inner = a.inner_html().to_string();
        if is_wechat(&href) {
            a.replace_with_html(format!("<a href=\"{}\">{inner}</a>", escape(&href)));
            continue;
        }
        if href.is_empty() || href.starts_with('#') || href.starts_with("javascript:") {
            a.replace_with_html(inner);
            continue;
        }
        let address = cx.absolute(&href);
        let label = a.text().trim().to_string();
        let shown_address = address.strip_prefix("mailto:").unwrap_or(&address);
        if label == address || label == shown_address || label.is_empty() {
            // The address is the text (an autolink): nothing to add.
            a.replace_with_html(inner);
            if label.is_empty() {
                continue;
            }
            continue;
        }
        let n = match cx.notes.iter().position(|(_, u)| *u == address) {
            Some(i) => i + 1,
            None => {
                let colon = match cx.lang {
                    Lang::ZhCn => "：",
                    Lang::En => ": ",
                };
                cx.notes.push((format!("{label}{colon}"), address));
                cx.notes.len()
            }
        };
        a.replace_with_html(format!("{inner}<sup class=\"wx-ref\">[{n}]</sup>"));
    }
}

/// Whether a link goes to the official account's own pages.
fn is_wechat(href: &str) -> bool {
    let rest = href
        .strip_prefix("https://")
        .or_else(|| href.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or_default();
        host.eq_ignore_ascii_case("mp.weixin.qq.com")
    })
}

/// Lists: items below the second level rise to it (marked `wx-deep`, so
/// they stand indented), then every item gets its bullet or number as text.
fn lists(doc: &Document) {
    loop {
        let deep = doc.select("li li ul, li li ol");
        let Some(list) = deep.iter().next() else {
            break;
        };
        let numbered = is(&list, "ol");
        let parent_item = list.parent();
        let items: Vec<Selection> = list.children().filter("li").iter().collect();
        let mut after = parent_item.clone();
        for (i, item) in items.iter().enumerate() {
            item.add_class("wx-deep");
            item.set_attr(
                "data-wx-marker",
                &if numbered {
                    format!("{}.", i + 1)
                } else {
                    "▪".to_string()
                },
            );
            let node = item.nodes()[0];
            after.nodes()[0].insert_after(&node);
            after = item.clone();
        }
        list.remove();
    }
    for list in doc.select("ul, ol").iter() {
        let numbered = is(&list, "ol");
        let start: usize = (list.attr("start"))
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        let nested = list.parent().is("li");
        let mut n = start;
        for item in list.children().filter("li").iter() {
            let marker = match item.attr("data-wx-marker") {
                Some(m) => m.to_string(),
                None if numbered => {
                    n += 1;
                    format!("{}.", n - 1)
                }
                None if nested => "◦".to_string(),
                None => "•".to_string(),
            };
            item.remove_attr("data-wx-marker");
            let span = format!("<span class=\"wx-marker\">{marker}&nbsp;</span>");
            // A loose item starts with a paragraph: the marker goes in it.
            let first = item.children().first();
            if first.is("p") {
                first.prepend_html(span);
            } else {
                item.prepend_html(span);
            }
        }
    }
}

fn is(sel: &Selection, name: &str) -> bool {
    sel.nodes()
        .first()
        .and_then(NodeRef::node_name)
        .is_some_and(|n| n.as_ref() == name)
}

/// Tables scroll sideways in a section of their own.
fn tables(doc: &Document) {
    for table in doc.select("table").iter() {
        table.replace_with_html(format!(
            "<section class=\"wx-table\">{}</section>",
            table.html()
        ));
    }
}

/// Code blocks: each line break a `<br>`, each space `&nbsp;` (the editor
/// collapses white space in `<pre>`); the last line break dropped.
fn code(doc: &Document) {
    for pre in doc.select("pre").iter() {
        let texts: Vec<NodeRef> = pre.nodes()[0]
            .descendants()
            .into_iter()
            .filter(NodeRef::is_text)
            .collect();
        let last = texts.len().saturating_sub(1);
        for (i, node) in texts.iter().enumerate() {
            let mut t = node.text().to_string();
            if i == last {
                while t.ends_with('\n') {
                    t.pop();
                }
            }
            let html = escape(&t)
                .replace(' ', "&nbsp;")
                .replace('\t', "&nbsp;&nbsp;&nbsp;&nbsp;")
                .replace('\n', "<br />");
            if html.is_empty() {
                node.remove_from_parent();
            } else {
                node.replace_with_html(html);
            }
        }
    }
}
