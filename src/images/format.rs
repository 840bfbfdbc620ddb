//! What the variants of an image are made as: their widths, their encoded
//! format and its quality. Shared by the encoder and the cache key.

/// Widths of the variants, narrowest first. An image narrower than the
/// largest gets its own width as its largest variant; none is upscaled.
pub const WIDTHS: [u32; 4] = [480, 960, 1200, 1600];

/// JPEG quality of the variants.
pub const JPEG_QUALITY: u8 = 80;

/// The encoded format of the variants of one image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Photos (JPEG inputs, and WebP without transparency).
    Jpeg,
    /// Logos and anything with transparency.
    Png,
}

impl Format {
    /// File extension of the variants.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }
}
