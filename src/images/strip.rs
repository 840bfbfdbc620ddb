//! An uploaded photo without what it tells of where and when it was taken,
//! before the desk stores it in the portal (and so in its repository): the
//! metadata segments of a JPEG and the text chunks of a PNG are removed
//! (and the EXIF and XMP chunks of a WebP) with `img-parts`, the pixels
//! left as they are, so the file never grows.
//! Only a photo that must be turned upright (its EXIF orientation) is
//! decoded, turned and encoded again (JPEG at quality 95, PNG losslessly),
//! its colour profile kept.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::{CHUNK_VP8X, CHUNK_XMP, WebP};
use img_parts::{Bytes, ImageEXIF, ImageICC};

/// The bit of a WebP's extended header that says it has XMP.
const XMP_FLAG: u8 = 0b0000_0100;

/// Quality of a JPEG that had to be turned upright.
const TURNED_QUALITY: u8 = 95;

/// PNG chunks that carry words, dates or EXIF: dropped.
const PNG_METADATA: [[u8; 4]; 5] = [*b"tEXt", *b"iTXt", *b"zTXt", *b"eXIf", *b"tIME"];

/// The photo without EXIF (GPS included), XMP, IPTC, comments, PNG text
/// and whatever a phone appends after a JPEG's end (a second picture, a
/// motion photo's video), upright; its JFIF header, colour profile and
/// pixels kept. A WebP loses its EXIF and XMP chunks the same way. None
/// when it cannot be read (the caller has judged it a photo already), or
/// for a WebP that would need turning (stored as sent: only a lossless
/// re-encoding could turn it, which would multiply its size; its published
/// variants carry nothing, as every photo's).
pub fn without_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    let format = image::guess_format(bytes).ok()?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return None;
    }
    if needs_turning(bytes, format) {
        return (format != ImageFormat::WebP)
            .then(|| turned(bytes, format))
            .flatten();
    }
    match format {
        ImageFormat::WebP => return strip_webp(bytes),
        ImageFormat::Png => strip_png(bytes),
        _ => strip_jpeg(bytes),
    }
    // A file img-parts cannot take apart is encoded again rather than
    // stored with what it may carry.
    .or_else(|| turned(bytes, format))
}

/// Whether its EXIF orientation asks for a turn or a flip.
fn needs_turning(bytes: &[u8], format: ImageFormat) -> bool {
    let reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader
        .into_decoder()
        .and_then(|mut d| d.orientation())
        .is_ok_and(|o| o != image::metadata::Orientation::NoTransforms)
}

/// Which JPEG segments before the first scan stay: everything that is not
/// an application segment or a comment, plus the JFIF header, the ICC
/// colour profile and Adobe's colour-transform flag (needed to decode).
fn keep_segment(marker: u8, contents: &[u8]) -> bool {
    match marker {
        markers::APP0 => contents.starts_with(b"JFIF\0"),
        markers::APP2 => contents.starts_with(b"ICC_PROFILE\0"),
        markers::APP14 => contents.starts_with(b"Adobe"),
        markers::APP1..=markers::APP15 | markers::COM => false,
        _ => true,
    }
}

fn strip_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(bytes)).ok()?;
    jpeg.segments_mut()
        .retain(|s| keep_segment(s.marker(), s.contents()));
    // img-parts keeps everything after the first scan's header as that
    // scan's data: the head is what comes before it.
    let sos = jpeg
        .segments()
        .iter()
        .position(|s| s.marker() == markers::SOS)?;
    let head: usize = 2 + jpeg.segments()[..=sos]
        .iter()
        .map(|s| s.len())
        .sum::<usize>();
    let mut out = Vec::with_capacity(bytes.len());
    jpeg.encoder().write_to(&mut out).ok()?;
    let scans = scans(out.get(head..)?);
    out.truncate(head);
    out.extend_from_slice(&scans);
    Some(out)
}

/// The scans of a JPEG from its first scan's data to its end marker: the
/// application segments and comments a progressive JPEG may hold between
/// scans are dropped, and so is everything after the end.
fn scans(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] != 0xFF || i + 1 == data.len() {
            out.push(data[i]);
            i += 1;
            continue;
        }
        match data[i + 1] {
            // A stuffed 0xFF byte or a restart marker: scan data.
            0x00 | 0xD0..=0xD7 | 0x01 => {
                out.extend_from_slice(&data[i..i + 2]);
                i += 2;
            }
            // Fill byte before a marker.
            0xFF => {
                out.push(0xFF);
                i += 1;
            }
            markers::EOI => {
                out.extend_from_slice(&data[i..i + 2]);
                return out;
            }
            marker => {
                // A segment between scans (tables, the next scan's header).
                let Some(len) = data.get(i + 2..i + 4) else {
                    out.extend_from_slice(&data[i..]);
                    return out;
                };
                let end =
                    (i + 2 + usize::from(u16::from_be_bytes([len[0], len[1]]))).min(data.len());
                if !matches!(marker, markers::APP0..=markers::APP15 | markers::COM) {
                    out.extend_from_slice(&data[i..end]);
                }
                i = end;
            }
        }
    }
    out
}

fn strip_png(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut png = Png::from_bytes(Bytes::copy_from_slice(bytes)).ok()?;
    png.chunks_mut()
        .retain(|c| !PNG_METADATA.contains(&c.kind()));
    let mut out = Vec::with_capacity(bytes.len());
    png.encoder().write_to(&mut out).ok()?;
    Some(out)
}

fn strip_webp(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut webp = WebP::from_bytes(Bytes::copy_from_slice(bytes)).ok()?;
    webp.remove_chunks_by_id(CHUNK_XMP);
    // Also clears the EXIF flag of the extended header (VP8X), or drops
    // that header when nothing needs it any more.
    webp.set_exif(None);
    // img-parts leaves the XMP flag: cleared here.
    let vp8x = webp.chunks_mut().iter_mut().find(|c| c.id() == CHUNK_VP8X);
    if let Some(RiffContent::Data(data)) = vp8x.map(RiffChunk::content_mut)
        && let Some(&flags) = data.first()
    {
        let mut header = data.to_vec();
        header[0] = flags & !XMP_FLAG;
        *data = Bytes::from(header);
    }
    let mut out = Vec::with_capacity(bytes.len());
    webp.encoder().write_to(&mut out).ok()?;
    Some(out)
}

/// Decoded, turned upright and encoded again, with its colour profile.
fn turned(bytes: &[u8], format: ImageFormat) -> Option<Vec<u8>> {
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), format)
        .into_decoder()
        .ok()?;
    let orientation = decoder.orientation().ok()?;
    let icc = decoder.icc_profile().ok().flatten();
    let mut img = DynamicImage::from_decoder(decoder).ok()?;
    img.apply_orientation(orientation);
    let mut out = Vec::new();
    if format == ImageFormat::Png {
        img.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out))
            .ok()?;
        let mut png = Png::from_bytes(out.into()).ok()?;
        png.set_icc_profile(icc.map(Bytes::from));
        let mut out = Vec::new();
        png.encoder().write_to(&mut out).ok()?;
        return Some(out);
    }
    img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
        &mut out,
        TURNED_QUALITY,
    ))
    .ok()?;
    let mut jpeg = Jpeg::from_bytes(out.into()).ok()?;
    jpeg.set_icc_profile(icc.map(Bytes::from));
    let mut out = Vec::new();
    jpeg.encoder().write_to(&mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_metadata_segments_go() {
        assert!(keep_segment(markers::APP0, b"JFIF\0\x01\x02"));
        assert!(!keep_segment(markers::APP0, b"JFXX\0\x10"));
        assert!(!keep_segment(markers::APP1, b"Exif\0\0MM"));
        assert!(!keep_segment(
            markers::APP1,
            b"http://ns.adobe.com/xap/1.0/\0"
        ));
        assert!(keep_segment(markers::APP2, b"ICC_PROFILE\0\x01\x01"));
        assert!(!keep_segment(markers::APP2, b"MPF\0"));
        assert!(!keep_segment(markers::APP13, b"Photoshop 3.0\0"));
        assert!(keep_segment(markers::APP14, b"Adobe\0"));
        assert!(!keep_segment(markers::COM, "拍摄于".as_bytes()));
        assert!(keep_segment(markers::DQT, b"\0"));
    }

    #[test]
    fn scans_end_at_the_end_marker_and_lose_segments_between_them() {
        let data = [
            0x12, 0xFF, 0x00, 0x34, // stuffed byte
            0xFF, 0xD0, 0x56, // restart
            0xFF, 0xFE, 0x00, 0x04, b'h', b'i', // comment between scans
            0xFF, 0xC4, 0x00, 0x03, 0xD9, // a table whose bytes look like an end
            0xFF, 0xFF, 0xD9, // fill, then the end
            b'E', b'x', b'i', b'f', // what a phone appends
        ];
        assert_eq!(
            scans(&data),
            [
                0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xC4, 0x00, 0x03, 0xD9, 0xFF, 0xFF,
                0xD9
            ]
        );
    }
}
