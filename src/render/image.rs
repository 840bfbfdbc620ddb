//! Image views: what templates get for a `cover` or `logo`, with the sizes
//! of a processed photo.

use serde::Serialize;

use super::urls::Urls;
use crate::model::Site;

/// A size of a processed photo.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Size {
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
}

/// One variant of a processed photo: `small` of an [`ImageView`].
#[derive(Clone, Debug, Serialize)]
pub struct Variant {
    /// Site-relative URL.
    pub url: String,
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
}

/// What a processed photo adds to its [`ImageView`].
#[derive(Clone, Debug, Serialize)]
pub struct Photo {
    /// Every variant, for `srcset`.
    pub srcset: String,
    /// Intrinsic width (the largest variant's).
    pub width: u32,
    /// Intrinsic height.
    pub height: u32,
    /// The list thumbnail.
    pub small: Variant,
}

/// An image for Open Graph: absolute URL, and size when known.
#[derive(Clone, Debug, Serialize)]
pub struct OgImage {
    /// Absolute URL.
    pub url: String,
    /// Size, for a processed photo.
    #[serde(flatten)]
    pub size: Option<Size>,
}

/// What templates get for an image named in front matter (`cover`, `logo`):
/// `url` (the variant for sharing), and for a processed photo also `srcset`,
/// its intrinsic `width` and `height`, `small` (the list thumbnail) and `og`
/// (absolute URL and size, for Open Graph).
#[derive(Clone, Debug, Serialize)]
pub struct ImageView {
    /// Site-relative URL of the variant for sharing (or the file as it is).
    pub url: String,
    /// Sizes, when the image is a processed photo (the keys are absent otherwise).
    #[serde(flatten)]
    pub photo: Option<Photo>,
    /// For Open Graph.
    pub og: OgImage,
}

/// The view of the image at output path `path`.
pub fn image_view(site: &Site, path: &str, urls: &Urls) -> ImageView {
    let Some(image) = site.images.get(path) else {
        return ImageView {
            url: urls.url(path),
            photo: None,
            og: OgImage {
                url: urls.permalink(path),
                size: None,
            },
        };
    };
    let og = image.at_least(crate::images::OG_WIDTH);
    let largest = image.largest();
    let small = image.at_least(crate::images::CARD_WIDTH);
    let srcset: Vec<String> = image
        .variants
        .iter()
        .map(|v| format!("{} {}w", urls.url(&v.path), v.width))
        .collect();
    ImageView {
        url: urls.url(&og.path),
        photo: Some(Photo {
            srcset: srcset.join(", "),
            width: largest.width,
            height: largest.height,
            small: Variant {
                url: urls.url(&small.path),
                width: small.width,
                height: small.height,
            },
        }),
        og: OgImage {
            url: urls.permalink(&og.path),
            size: Some(Size {
                width: og.width,
                height: og.height,
            }),
        },
    }
}
