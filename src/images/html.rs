//! The `<img>` of a processed photo: every variant in `srcset`, the intrinsic
//! size in `width` and `height` (so the page does not jump as photos load),
//! lazy loading and asynchronous decoding.

use crate::html::escape;

/// `sizes` of a photo in a story body: the full width of a phone, at most
/// the width of the text column.
pub const BODY_SIZES: &str = "(max-width: 48rem) 100vw, 48rem";

/// What an `<img>` of a processed photo needs, with URLs already resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// Fallback URL (a middle-sized variant).
    pub src: String,
    /// Every variant: `url 480w, url 960w, …`.
    pub srcset: String,
    /// Intrinsic width (of the largest variant).
    pub width: u32,
    /// Intrinsic height (of the largest variant).
    pub height: u32,
}

/// An `<img>` tag for `picture`; `alt` and `title` are plain text.
pub fn img_tag(picture: &Picture, alt: &str, title: &str, sizes: &str) -> String {
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    format!(
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\"{title} loading=\"lazy\" decoding=\"async\" />",
        escape(&picture.src),
        escape(&picture.srcset),
        escape(sizes),
        picture.width,
        picture.height,
        escape(alt),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_alt_and_urls() {
        let p = Picture {
            src: "/a/x-960w.jpg".into(),
            srcset: "/a/x-480w.jpg 480w, /a/x-960w.jpg 960w".into(),
            width: 960,
            height: 640,
        };
        let tag = img_tag(&p, "医生\"测血压\" <b>", "", BODY_SIZES);
        assert_eq!(
            tag,
            "<img src=\"/a/x-960w.jpg\" srcset=\"/a/x-480w.jpg 480w, /a/x-960w.jpg 960w\" \
             sizes=\"(max-width: 48rem) 100vw, 48rem\" width=\"960\" height=\"640\" \
             alt=\"医生&quot;测血压&quot; &lt;b&gt;\" loading=\"lazy\" decoding=\"async\" />"
        );
    }
}
