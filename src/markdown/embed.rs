//! Photos and shortcodes in a Markdown body: a processed photo's `<img>`
//! with its variants, and paragraphs of shortcode lines replaced by their
//! HTML (a small filter of the [`Pass`] over the event stream).

use std::ops::Range;

use pulldown_cmark::{Event, TagEnd};

use super::Pass;
use crate::error::Text;
use crate::images::{BODY_SIZES, img_tag};
use crate::shortcode::{ShortcodeError, looks_like_call, parse_call};

impl<'a> Pass<'a, '_> {
    /// Collects a processed photo's alt text, then writes its `<img>`.
    pub(super) fn push_picture(&mut self, event: Event<'a>) {
        let Some((picture, title, alt)) = self.picture.as_mut() else {
            return;
        };
        match event {
            Event::Text(t) | Event::Code(t) => alt.push_str(&t),
            Event::End(TagEnd::Image) => {
                let html = img_tag(picture, alt, title, BODY_SIZES);
                self.picture = None;
                self.events.push(Event::InlineHtml(html.into()));
            }
            _ => {}
        }
    }

    /// Replaces a paragraph made of shortcode lines with their HTML; reports
    /// a shortcode that shares its paragraph with text. Returns whether the
    /// paragraph was replaced.
    pub(super) fn expand_shortcodes(&mut self, range: Range<usize>) -> bool {
        let source = &self.body[range.clone()];
        let lines: Vec<(usize, &str)> = source
            .split_inclusive('\n')
            .scan(range.start, |at, line| {
                let start = *at;
                *at += line.len();
                Some((start, line.trim()))
            })
            .filter(|(_, l)| !l.is_empty())
            .collect();
        let calls = lines.iter().filter(|(_, l)| looks_like_call(l)).count();
        if calls == 0 {
            return false;
        }
        if calls < lines.len() {
            let (at, _) = lines.iter().find(|(_, l)| looks_like_call(l)).expect("one");
            self.shortcode_errors.push((
                *at,
                ShortcodeError::new(
                    Text::new(
                        "短代码必须单独成段",
                        "a shortcode must be a paragraph of its own",
                    ),
                    Text::new(
                        "请在短代码的上一行和下一行各留一个空行",
                        "leave an empty line before and after it",
                    ),
                ),
            ));
            return false;
        }
        let mut html = String::new();
        for (at, line) in lines {
            match parse_call(line).and_then(|call| self.resolve.shortcode(&call)) {
                Ok(expansion) => {
                    html.push_str(&expansion.html);
                    self.counter.add(&expansion.text);
                    self.text.push_str(&expansion.text);
                    self.text.push('\n');
                }
                Err(e) => self.shortcode_errors.push((at, e)),
            }
        }
        self.events.push(Event::Html(html.into()));
        true
    }
}
