//! A photo alone in its paragraph becomes a figure with its caption, as
//! Pandoc's `implicit_figures` and markdown-it-implicit-figures do: the
//! caption is the image's title when it has one, otherwise its alt text
//! (which stays the alt text too). An image inside text, or with neither,
//! stays an `<img>` in its paragraph (a small filter of the [`Pass`]).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Lone, Pass};
use crate::html::escape;

impl<'a> Pass<'a, '_> {
    /// At an image: notes its destination if it is the first, and whether
    /// it stands alone in the paragraph just opened (its title, which then
    /// becomes the caption, is taken off the `<img>`).
    pub(super) fn open_figure(&mut self, event: &mut Event<'a>, range: &Range<usize>) {
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        else {
            return;
        };
        if self.first_image.is_none() {
            self.first_image = Some(dest_url.to_string());
        }
        let alone = self.paragraph.as_ref().is_some_and(|(at, source)| {
            *at + 1 == self.events.len()
                && self.body[source.clone()].trim() == self.body[range.clone()].trim()
        });
        if alone && self.picture.is_none() && self.lone.is_none() {
            let paragraph = self.events.len() - 1;
            let title = std::mem::replace(title, CowStr::Borrowed(""));
            self.lone = Some(Lone {
                paragraph,
                title: title.to_string(),
                alt: None,
            });
        }
    }

    /// At the end of a lone image's paragraph: the paragraph becomes a
    /// figure with its caption (when there is one to show).
    pub(super) fn close_figure(&mut self, event: Event<'a>) -> Event<'a> {
        if !matches!(event, Event::End(TagEnd::Paragraph)) {
            return event;
        }
        let Some(lone) = self.lone.take() else {
            return event;
        };
        let alt = lone.alt.unwrap_or_default();
        let caption = match lone.title.trim() {
            "" => alt.trim(),
            title => title,
        };
        if caption.is_empty() {
            return event;
        }
        self.events[lone.paragraph] = Event::Html("<figure class=\"bp-figure\">".into());
        Event::Html(format!("<figcaption>{}</figcaption></figure>\n", escape(caption)).into())
    }
}
