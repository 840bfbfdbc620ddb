//! Markdown → HTML for story, branch and page bodies (part of the model
//! stage, once every page's URL is known): pulldown-cmark with small event
//! filters for relative links, photos, shortcodes, heading ids and
//! highlighted code, plus the summary, word count and reading time, counted
//! the way Chinese is read.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd, html};

mod embed;
mod figure;
pub mod sanitize;

use crate::highlight::highlight_code;
use crate::images::Picture;
use crate::shortcode::html::Expansion;
use crate::shortcode::{Call, ShortcodeError};

/// What a link destination resolves to.
pub enum Resolution {
    /// Leave as written (external, absolute, anchor).
    Keep,
    /// Replace with this URL.
    Rewrite(String),
    /// A processed photo: links go to `url`, images show `picture`.
    Image {
        /// URL of the largest variant.
        url: String,
        /// The `<img>` with every variant.
        picture: Picture,
    },
    /// A relative link to a file that does not exist.
    Missing,
}

/// What a body refers to, answered by the model stage.
pub trait Resolver {
    /// Where a link or image destination goes.
    fn resolve(&self, dest: &str) -> Resolution;

    /// The HTML of a checked shortcode call.
    fn shortcode(&self, call: &Call) -> Result<Expansion, ShortcodeError> {
        Err(ShortcodeError {
            message: crate::text::text!(
                "此处不能使用短代码“{}”",
                "shortcode \"{}\" cannot be used here",
                call.name
            ),
            hint: None,
        })
    }

    /// Whether raw HTML is published as written; when not (the default),
    /// a body with raw HTML is sanitized and `javascript:` links are dropped.
    fn trust_html(&self) -> bool {
        false
    }
}

impl<F: Fn(&str) -> Resolution> Resolver for F {
    fn resolve(&self, dest: &str) -> Resolution {
        self(dest)
    }
}

/// A rendered body.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// HTML.
    pub html: String,
    /// Plain text of the first paragraph, cut at a sensible length.
    pub summary: String,
    /// Plain text of the whole body (code included), blocks separated by
    /// newlines: what search indexes.
    pub text: String,
    /// Words, counting each CJK character as one.
    pub words: usize,
    /// Reading time in minutes (at least 1).
    pub minutes: usize,
    /// Byte offsets into the body and destinations of broken relative links.
    pub broken: Vec<(usize, String)>,
    /// Byte offsets into the body and problems of shortcodes.
    pub shortcode_errors: Vec<(usize, ShortcodeError)>,
    /// Byte offsets into the body of images without alt text.
    pub no_alt: Vec<usize>,
    /// Byte offsets into the body and destinations of `http://` links and images.
    pub insecure: Vec<(usize, String)>,
    /// Where in the file each image without alt text is (the model fills
    /// it in, knowing where the body starts): what the findings stage reports.
    pub no_alt_at: Vec<BodyPlace>,
    /// Where in the file each `http://` link is, with its destination.
    pub insecure_at: Vec<(BodyPlace, String)>,
    /// The destination, as written, of the body's first Markdown image.
    pub first_image: Option<String>,
    /// Whether that image is the story's cover (the model fills it in,
    /// knowing the cover): the story page then shows the photo once.
    pub cover_in_body: bool,
}

/// A place in a body's file: 1-based line and column, and that line's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BodyPlace {
    /// 1-based line of the file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The line's text.
    pub snippet: String,
}

/// Whether a link goes to an `http://` page on the web (this computer's
/// own addresses, which a guide may show, are no web page).
fn insecure(dest: &str) -> bool {
    let Some(rest) = dest
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("http://"))
        .map(|_| &dest[7..])
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    !matches!(
        host.to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1" | "[::1]" | ""
    )
}

/// Length of an automatic summary, in characters.
pub const SUMMARY_CHARS: usize = 120;

/// The Markdown extensions every body is read with.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body`, resolving relative links, images and shortcodes with `resolver`.
pub fn render_markdown(body: &str, resolver: &dyn Resolver) -> Rendered {
    let mut pass = Pass::new(resolver, body);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        pass.push(event, range);
    }
    pass.finish(body.len())
}

/// An image alone in its paragraph, while it is read.
struct Lone {
    /// Index of its paragraph's opening event.
    paragraph: usize,
    /// Its title, which becomes the caption when given.
    title: String,
    /// Its alt text, once read.
    alt: Option<String>,
}

/// One pass over the event stream: small filters (code, links, headings)
/// plus what the body tells about itself (summary, words).
struct Pass<'a, 'r> {
    resolve: &'r dyn Resolver,
    body: &'a str,
    events: Vec<Event<'a>>,
    broken: Vec<(usize, String)>,
    shortcode_errors: Vec<(usize, ShortcodeError)>,
    no_alt: Vec<usize>,
    insecure: Vec<(usize, String)>,
    /// The image being read: its offset and alt text so far.
    image_alt: Option<(usize, String)>,
    /// Inside a paragraph replaced by shortcodes: its events are dropped.
    in_shortcodes: bool,
    /// A processed photo being shown: its picture, title and alt text so far.
    picture: Option<(Picture, String, String)>,
    /// The last paragraph opened: its event's index and its source.
    paragraph: Option<(usize, Range<usize>)>,
    /// An image alone in its paragraph, being read: it becomes a figure.
    lone: Option<Lone>,
    /// The destination of the first image.
    first_image: Option<String>,
    counter: WordCounter,
    text: String,
    /// The first top-level paragraph's text, once one has started.
    summary: Option<String>,
    in_summary: bool,
    in_image: usize,
    depth: usize,
    /// A fenced code block being collected: (language, text).
    code: Option<(String, String)>,
    /// Start event index of the open heading, and (start, end) of closed ones.
    heading: Option<usize>,
    headings: Vec<(usize, usize)>,
    /// The writer wrote raw HTML: the result is sanitized unless trusted.
    raw_html: bool,
}

impl<'a, 'r> Pass<'a, 'r> {
    fn new(resolve: &'r dyn Resolver, body: &'a str) -> Self {
        Pass {
            resolve,
            body,
            events: Vec::new(),
            broken: Vec::new(),
            shortcode_errors: Vec::new(),
            no_alt: Vec::new(),
            insecure: Vec::new(),
            image_alt: None,
            in_shortcodes: false,
            picture: None,
            paragraph: None,
            lone: None,
            first_image: None,
            counter: WordCounter::default(),
            text: String::new(),
            summary: None,
            in_summary: false,
            in_image: 0,
            depth: 0,
            code: None,
            heading: None,
            headings: Vec::new(),
            raw_html: false,
        }
    }

    fn push(&mut self, mut event: Event<'a>, range: Range<usize>) {
        let offset = range.start;
        if self.in_shortcodes {
            self.in_shortcodes = !matches!(event, Event::End(TagEnd::Paragraph));
            return;
        }
        self.open_figure(&mut event, &range);
        self.check_image(&event, offset);
        if self.picture.is_some() {
            self.push_picture(event);
            return;
        }
        if let Event::Start(Tag::Paragraph) = event
            && self.expand_shortcodes(range.clone())
        {
            self.in_shortcodes = true;
            return;
        }
        if let Event::Start(Tag::Paragraph) = event {
            self.paragraph = Some((self.events.len(), range.clone()));
        }
        if let Some((lang, text)) = self.code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    self.counter.add(text);
                    self.text.push_str(text);
                    self.text.push('\n');
                    let html = highlight_code(text, lang);
                    self.code = None;
                    self.events.push(Event::Html(html.into()));
                }
                _ => {}
            }
            return;
        }
        if let Event::Start(Tag::CodeBlock(kind)) = &event {
            let lang = match kind {
                CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or(""),
                CodeBlockKind::Indented => "",
            };
            self.code = Some((lang.to_string(), String::new()));
            return;
        }
        if matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            self.raw_html = true;
        }
        let event = self.rewrite_links(event, offset);
        if self.picture.is_some() {
            return;
        }
        self.track(&event);
        match &event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        let event = self.close_figure(event);
        self.events.push(event);
    }

    /// Follows an image's alt text, and notes images without one.
    fn check_image(&mut self, event: &Event<'a>, offset: usize) {
        match event {
            Event::Start(Tag::Image { .. }) => self.image_alt = Some((offset, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = &mut self.image_alt {
                    alt.push_str(t);
                }
            }
            Event::End(TagEnd::Image) => {
                let Some((at, alt)) = self.image_alt.take() else {
                    return;
                };
                if alt.trim().is_empty() {
                    self.no_alt.push(at);
                }
                if let Some(lone) = self.lone.as_mut().filter(|l| l.alt.is_none()) {
                    lone.alt = Some(alt);
                }
            }
            _ => {}
        }
    }

    /// Resolves the destinations of links and images.
    fn rewrite_links(&mut self, mut event: Event<'a>, offset: usize) -> Event<'a> {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &event
            && insecure(dest_url)
        {
            self.insecure.push((offset, dest_url.to_string()));
        }
        if let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &event
            && let Resolution::Image { picture, .. } = self.resolve.resolve(dest_url)
        {
            self.picture = Some((picture, title.to_string(), String::new()));
            return event;
        }
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event {
            let dest = std::mem::replace(dest_url, CowStr::Borrowed(""));
            *dest_url = resolve_dest(dest, offset, self.resolve, &mut self.broken);
        }
        event
    }

    /// Follows headings, images, the summary paragraph and the word count.
    fn track(&mut self, event: &Event<'a>) {
        match event {
            Event::Start(Tag::Image { .. }) => self.in_image += 1,
            Event::End(TagEnd::Image) => self.in_image = self.in_image.saturating_sub(1),
            Event::Start(Tag::Heading { .. }) => self.heading = Some(self.events.len()),
            Event::End(TagEnd::Heading(_)) => {
                self.text.push('\n');
                if let Some(start) = self.heading.take() {
                    self.headings.push((start, self.events.len()));
                }
            }
            Event::Start(Tag::Paragraph) if self.depth == 0 && self.summary.is_none() => {
                self.in_summary = true;
                self.summary = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) if self.in_summary && self.depth == 1 => {
                self.in_summary = false;
                self.text.push('\n');
                // A paragraph of images alone is no summary: try the next one.
                if self.summary.as_deref().is_some_and(|s| s.trim().is_empty()) {
                    self.summary = None;
                }
            }
            Event::Text(_) if self.in_image > 0 => {}
            Event::Text(t) | Event::Code(t) => {
                self.counter.add(t);
                self.text.push_str(t);
                if self.in_summary {
                    self.summary.get_or_insert_with(String::new).push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.text.push(' ');
                if self.in_summary {
                    self.summary.get_or_insert_with(String::new).push(' ');
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
            ) => self.text.push('\n'),
            _ => {}
        }
    }

    fn finish(mut self, body_len: usize) -> Rendered {
        // Explicit ids (`{#id}`) first, so that automatic ones never take them.
        let mut ids = HashSet::new();
        for &(start, _) in &self.headings {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = &self.events[start] {
                ids.insert(id.to_string());
            }
        }
        for &(start, end) in &self.headings {
            set_heading_id(&mut self.events[..end], start, &mut ids);
        }
        let mut html = String::with_capacity(body_len + body_len / 2);
        html::push_html(&mut html, self.events.into_iter());
        if self.raw_html && !self.resolve.trust_html() {
            html = sanitize::clean(&html);
        }
        // Bodies are kept for the whole build: no slack from growing.
        html.shrink_to_fit();
        self.text.shrink_to_fit();
        Rendered {
            html,
            summary: cut_summary(self.summary.as_deref().unwrap_or("").trim(), SUMMARY_CHARS),
            words: self.counter.words(),
            minutes: self.counter.minutes(),
            text: self.text,
            broken: self.broken,
            no_alt: self.no_alt,
            insecure: self.insecure,
            shortcode_errors: self.shortcode_errors,
            no_alt_at: Vec::new(),
            insecure_at: Vec::new(),
            first_image: self.first_image,
            cover_in_body: false,
        }
    }
}

fn resolve_dest<'a>(
    dest: CowStr<'a>,
    offset: usize,
    resolve: &dyn Resolver,
    broken: &mut Vec<(usize, String)>,
) -> CowStr<'a> {
    match resolve.resolve(&dest) {
        Resolution::Keep if !resolve.trust_html() && !sanitize::safe_url(&dest) => "#".into(),
        Resolution::Keep => dest,
        Resolution::Rewrite(url) | Resolution::Image { url, .. } => url.into(),
        Resolution::Missing => {
            broken.push((offset, dest.to_string()));
            dest
        }
    }
}

fn set_heading_id(events: &mut [Event], start: usize, ids: &mut HashSet<String>) {
    let text: String = events[start + 1..]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
        if id.is_some() {
            return;
        }
        let base = match slug::slugify(&text) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        };
        let mut candidate = base.clone();
        let mut n = 1;
        while !ids.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        *id = Some(candidate.into());
    }
}

/// Cuts plain text to at most `max` characters, at the end of a sentence when
/// one ends late enough, otherwise with an ellipsis.
pub fn cut_summary(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let head: String = text.chars().take(max).collect();
    let sentence_end = head
        .char_indices()
        .filter(|(_, c)| matches!(c, '。' | '！' | '？' | '；' | '!' | '?'))
        .map(|(i, c)| i + c.len_utf8())
        .next_back();
    match sentence_end {
        Some(end) if head[..end].chars().count() >= max / 3 => head[..end].to_string(),
        _ => format!("{}…", head.trim_end_matches(['，', '、', ',', ' '])),
    }
}

/// Counts words the way readers read: every CJK character is a word, and so
/// is every run of letters or digits in other scripts.
#[derive(Default)]
pub struct WordCounter {
    cjk: usize,
    other: usize,
}

impl WordCounter {
    /// Adds a piece of text.
    pub fn add(&mut self, text: &str) {
        let mut in_word = false;
        for c in text.chars() {
            if crate::han::is_cjk_word(c) {
                self.cjk += 1;
                in_word = false;
            } else if c.is_alphanumeric() {
                if !in_word {
                    self.other += 1;
                }
                in_word = true;
            } else if !(in_word && matches!(c, '\'' | '-' | '.' | '_')) {
                in_word = false;
            }
        }
    }

    /// Total words.
    pub fn words(&self) -> usize {
        self.cjk + self.other
    }

    /// Minutes to read: 400 Chinese characters or 220 English words a minute.
    pub fn minutes(&self) -> usize {
        let minutes = self.cjk as f64 / 400.0 + self.other as f64 / 220.0;
        (minutes.ceil() as usize).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(body: &str) -> Rendered {
        render_markdown(body, &|d: &str| {
            if d.starts_with("http") || d.starts_with('#') {
                Resolution::Keep
            } else if d == "ward.jpg" {
                Resolution::Rewrite("/b/x/ward.jpg".into())
            } else {
                Resolution::Missing
            }
        })
    }

    #[test]
    fn counts_chinese_characters_as_words() {
        let r = render("党支部开展义诊活动，服务群众 300 人次。IVUS technique works.");
        assert_eq!(r.words, 15 + 1 + 3);
        assert_eq!(r.minutes, 1);
    }

    #[test]
    fn summary_is_the_first_paragraph_cut_at_a_sentence() {
        let long = "这是一句话。".repeat(40);
        let r = render(&format!("# 标题\n\n{long}\n\n第二段"));
        assert!(r.summary.ends_with('。'));
        assert!(r.summary.chars().count() <= SUMMARY_CHARS);
        assert_eq!(render("第一段\n继续。\n\n第二段").summary, "第一段 继续。");
        assert_eq!(
            render("![合影](ward.jpg)\n\n正文第一段。").summary,
            "正文第一段。"
        );
    }

    #[test]
    fn gives_headings_readable_unique_ids() {
        let r = render("## 活动概况\n\n## 活动概况\n\n## Custom {#mine}");
        assert!(
            r.html.contains(r#"<h2 id="huo-dong-gai-kuang">"#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<h2 id="huo-dong-gai-kuang-1">"#));
        assert!(r.html.contains(r#"<h2 id="mine">"#));
        let r = render("## Mine\n\n## X {#mine}");
        assert!(
            r.html.contains(r#"<h2 id="mine-1">Mine</h2>"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn rewrites_assets_and_reports_broken_links_with_offsets() {
        let r = render("![病房](ward.jpg)\n\n[丢失](missing.jpg) [外部](https://example.org)");
        assert!(
            r.html.contains(r#"<img src="/b/x/ward.jpg" alt="病房" />"#),
            "{}",
            r.html
        );
        assert_eq!(r.broken, vec![(21, "missing.jpg".to_string())]);
    }

    #[test]
    fn photos_get_srcset_and_shortcode_paragraphs_become_html() {
        struct Photos;
        impl Resolver for Photos {
            fn resolve(&self, _: &str) -> Resolution {
                let picture = Picture {
                    src: "/p-960w.jpg".into(),
                    srcset: "/p-480w.jpg 480w, /p-960w.jpg 960w".into(),
                    width: 960,
                    height: 720,
                };
                Resolution::Image {
                    url: "/p-960w.jpg".into(),
                    picture,
                }
            }
            fn shortcode(&self, call: &Call) -> Result<Expansion, ShortcodeError> {
                Ok(Expansion {
                    html: format!("<p class=\"bp-{}\">x</p>\n", call.name),
                    text: "说明".into(),
                })
            }
        }
        let body = "![村民 `排队`](p.jpg \"t\")\n\n{{ stat(value=\"1\", label=\"次\") }}\n\n```\n{{ stat() }}\n```\n\n[原图](p.jpg)";
        let r = render_markdown(body, &Photos);
        assert!(r.html.contains("<figure class=\"bp-figure\"><img src=\"/p-960w.jpg\" srcset=\"/p-480w.jpg 480w, /p-960w.jpg 960w\" sizes=\"(max-width: 48rem) 100vw, 48rem\" width=\"960\" height=\"720\" alt=\"村民 排队\" loading=\"lazy\" decoding=\"async\" /><figcaption>t</figcaption></figure>"), "{}", r.html);
        assert!(
            r.html.contains("<p class=\"bp-stat\">x</p>\n<pre"),
            "{}",
            r.html
        );
        assert!(r.html.contains("{{ stat() }}"), "{}", r.html);
        assert!(
            r.html.contains("<a href=\"/p-960w.jpg\">原图</a>"),
            "{}",
            r.html
        );
        assert!(r.text.contains("说明"));
        assert!(r.shortcode_errors.is_empty());
        assert_eq!(r.summary, "原图");
    }

    #[test]
    fn a_lone_photo_is_a_figure_with_its_caption_and_an_inline_one_is_not() {
        let r =
            render("正文。\n\n![医生为村民测血压](ward.jpg)\n\n文中 ![病房](ward.jpg) 一张。\n");
        assert!(
            r.html.contains("<figure class=\"bp-figure\"><img src=\"/b/x/ward.jpg\" alt=\"医生为村民测血压\" /><figcaption>医生为村民测血压</figcaption></figure>\n"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<p>文中 <img src=\"/b/x/ward.jpg\" alt=\"病房\" /> 一张。</p>"),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("<figure").count(), 1);
        assert_eq!(r.first_image.as_deref(), Some("ward.jpg"));
        // A title is the caption; the alt text stays what the photo shows.
        let r = render("![老人测血压](ward.jpg \"重阳节义诊 <现场>\")");
        assert!(
            r.html
                .contains("alt=\"老人测血压\" /><figcaption>重阳节义诊 &lt;现场&gt;</figcaption>"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("title="), "{}", r.html);
        // Without alt text or title there is no caption: a plain <img>.
        let r = render(
            "![](ward.jpg)\n\n> ![引用里的照片](ward.jpg)\n\n[![链接](ward.jpg)](https://example.org)",
        );
        assert!(
            r.html
                .starts_with("<p><img src=\"/b/x/ward.jpg\" alt=\"\" /></p>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<blockquote>\n<figure class=\"bp-figure\">"),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("<figure").count(), 1, "{}", r.html);
    }

    #[test]
    fn renders_tables_footnotes_tasks_and_strikethrough() {
        let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] 完成\n\n~~删~~[^1]\n\n[^1]: 注\n");
        for needle in [
            "<table>",
            "checkbox",
            "<del>删</del>",
            "footnote-definition",
        ] {
            assert!(r.html.contains(needle), "{needle} in {}", r.html);
        }
    }

    #[test]
    fn highlights_fenced_code_with_classes() {
        let r = render("```python\nprint('hi')\n```\n");
        assert!(
            r.html.contains(r#"<pre class="code" data-lang="python">"#),
            "{}",
            r.html
        );
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
    }
}
