//! A small picture of a photo the publish dialog lists, made here so that a
//! phone does not download a 5 MB photo for a 64-pixel square. Only a
//! changed source the desk itself listed as a photo is read (the caller
//! checks), and only what decodes as a JPEG, PNG or WebP of sane size.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

/// The longest side of a thumbnail, in pixels (two screen pixels a CSS one).
pub const SIDE: u32 = 160;

/// Pixels above this are not decoded (as for the build's photos).
const MAX_PIXELS: u64 = crate::images::MAX_PIXELS;

/// The photo as a small JPEG (PNG when it has transparency), upright by its
/// EXIF orientation and without any metadata: (content type, bytes).
/// None when `bytes` is not a photo that decodes.
pub fn thumbnail(bytes: &[u8]) -> Option<(&'static str, Vec<u8>)> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let format = reader.format()?;
    if !matches!(
        format,
        image::ImageFormat::Jpeg | image::ImageFormat::Png | image::ImageFormat::WebP
    ) {
        return None;
    }
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().ok()?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return None;
    }
    let orientation = decoder.orientation().ok()?;
    let mut img = DynamicImage::from_decoder(decoder).ok()?;
    img.apply_orientation(orientation);
    let small = img.thumbnail(SIDE, SIDE);
    let mut out = Vec::new();
    if small.color().has_alpha() {
        small
            .write_with_encoder(image::codecs::png::PngEncoder::new(&mut out))
            .ok()?;
        Some(("image/png", out))
    } else {
        small
            .into_rgb8()
            .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
                &mut out, 80,
            ))
            .ok()?;
        Some(("image/jpeg", out))
    }
}
