//! The HTML of each shortcode, from a checked [`Call`] and the photos and
//! videos the model resolves through [`Media`]. Every piece of text is
//! escaped; class names (`bp-figure`, `bp-gallery`, `bp-video`, `bp-stat`)
//! are styled by the theme.

use super::{Call, ShortcodeError};
use crate::error::Text;
use crate::html::escape;
use crate::images::{BODY_SIZES, Picture, img_tag};

/// `sizes` of a photo in a gallery: two columns on phones, three beside the text.
pub const GALLERY_SIZES: &str = "(max-width: 40rem) 50vw, 16rem";

/// A picture as a shortcode shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    /// A processed photo, with its variants.
    Picture(Picture),
    /// Any other image (a GIF, an SVG): its URL only.
    Plain(String),
}

/// What shortcodes need from the model: the story's photos and videos.
pub trait Media {
    /// A picture named relative to the story.
    fn image(&self, src: &str) -> Result<Shown, ShortcodeError>;
    /// Every photo of the story's bundle in file-name order, its cover left out.
    fn bundle_photos(&self) -> Result<Vec<Shown>, ShortcodeError>;
    /// The URL of a video named relative to the story.
    fn video(&self, src: &str) -> Result<String, ShortcodeError>;
}

/// A shortcode's HTML, and its text for search and word counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    /// HTML block.
    pub html: String,
    /// Plain text (captions, figures).
    pub text: String,
}

/// Expands a checked call.
pub fn expand(call: &Call, media: &dyn Media) -> Result<Expansion, ShortcodeError> {
    match call.name.as_str() {
        "figure" => figure(call, media),
        "gallery" => gallery(call, media),
        "video" => video(call, media),
        _ => Ok(stat(call)),
    }
}

fn img(shown: &Shown, alt: &str, sizes: &str) -> String {
    match shown {
        Shown::Picture(p) => img_tag(p, alt, "", sizes),
        Shown::Plain(url) => format!(
            "<img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\" />",
            escape(url),
            escape(alt)
        ),
    }
}

fn caption_html(caption: &str) -> String {
    if caption.is_empty() {
        String::new()
    } else {
        format!("<figcaption>{}</figcaption>", escape(caption))
    }
}

fn figure(call: &Call, media: &dyn Media) -> Result<Expansion, ShortcodeError> {
    let caption = call.text("caption").unwrap_or("");
    let alt = call.text("alt").unwrap_or(caption);
    if alt.trim().is_empty() {
        return Err(ShortcodeError::new(
            Text::new(
                "figure 需要 caption（图注）或 alt（图片说明）",
                "figure needs a caption or an alt text",
            ),
            Text::new(
                "为看不见图片的读者写一句说明，如 caption=\"义诊现场\"",
                "describe the photo for readers who cannot see it, e.g. caption=\"free clinic\"",
            ),
        ));
    }
    let shown = media.image(call.text("src").unwrap_or(""))?;
    Ok(Expansion {
        html: format!(
            "<figure class=\"bp-figure\">{}{}</figure>\n",
            img(&shown, alt, BODY_SIZES),
            caption_html(caption)
        ),
        text: caption.to_string(),
    })
}

fn gallery(call: &Call, media: &dyn Media) -> Result<Expansion, ShortcodeError> {
    let photos = match call.list("src") {
        Some(list) => list
            .iter()
            .map(|src| media.image(src))
            .collect::<Result<Vec<_>, _>>()?,
        None => media.bundle_photos()?,
    };
    let caption = call.text("caption").unwrap_or("");
    let n = photos.len();
    let items: String = photos
        .iter()
        .enumerate()
        .map(|(i, shown)| {
            let alt = match (caption.is_empty(), n) {
                (true, _) => String::new(),
                (false, 1) => caption.to_string(),
                (false, _) => format!("{caption} {}/{n}", i + 1),
            };
            format!("<li>{}</li>", img(shown, &alt, GALLERY_SIZES))
        })
        .collect();
    Ok(Expansion {
        html: format!(
            "<figure class=\"bp-gallery\"><ul>{items}</ul>{}</figure>\n",
            caption_html(caption)
        ),
        text: caption.to_string(),
    })
}

fn video(call: &Call, media: &dyn Media) -> Result<Expansion, ShortcodeError> {
    let src = call.text("src").unwrap_or("");
    let url = media.video(src)?;
    let mut attrs = String::new();
    if let Some(poster) = call.text("poster") {
        match media.image(poster)? {
            Shown::Picture(p) => attrs.push_str(&format!(
                " poster=\"{}\" width=\"{}\" height=\"{}\"",
                escape(&p.src),
                p.width,
                p.height
            )),
            Shown::Plain(u) => attrs.push_str(&format!(" poster=\"{}\"", escape(&u))),
        }
    }
    let kind = if src.to_ascii_lowercase().ends_with(".webm") {
        "video/webm"
    } else {
        "video/mp4"
    };
    let name = src.rsplit('/').next().unwrap_or(src);
    let caption = call.text("caption").unwrap_or("");
    Ok(Expansion {
        html: format!(
            "<figure class=\"bp-video\"><video controls=\"\" preload=\"metadata\" playsinline=\"\"{attrs}>\
             <source src=\"{u}\" type=\"{kind}\" /><a href=\"{u}\">{}</a></video>{}</figure>\n",
            escape(name),
            caption_html(caption),
            u = escape(&url),
        ),
        text: caption.to_string(),
    })
}

fn stat(call: &Call) -> Expansion {
    let value = call.text("value").unwrap_or("");
    let unit = call.text("unit").unwrap_or("");
    let label = call.text("label").unwrap_or("");
    let unit_html = if unit.is_empty() {
        String::new()
    } else {
        format!("<small>{}</small>", escape(unit))
    };
    Expansion {
        html: format!(
            "<p class=\"bp-stat\"><span class=\"bp-stat-label\">{}</span> <strong class=\"bp-stat-value\">{}{unit_html}</strong></p>\n",
            escape(label),
            escape(value),
        ),
        text: format!("{label} {value} {unit}").trim_end().to_string(),
    }
}
