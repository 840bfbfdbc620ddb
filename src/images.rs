//! Photos (part of the model stage, before bodies are rendered): every JPEG,
//! PNG or WebP under content/ is decoded once, turned upright by its EXIF
//! orientation, resized into a few widths and re-encoded without any
//! metadata (no EXIF, GPS, XMP, IPTC, comments or colour profile). The
//! originals are never published; the variants are, next to where the
//! original would have been (`photo-480w.jpg`). Results are cached in
//! `<portal>/.branchpress-cache/images/`, keyed by the source bytes and the
//! processing parameters, so an unchanged photo is never encoded twice.

mod cache;
mod format;
mod html;
mod strip;
mod video;

use crate::error::Code;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader};
use rayon::prelude::*;

use crate::error::{Diagnostic, Text};
use crate::text::text;
pub use format::{Format, JPEG_QUALITY, WIDTHS};
pub use html::{BODY_SIZES, Picture, img_tag};
pub use strip::without_metadata;
pub use video::{VideoProblem, check_video, is_video};

/// Width wanted for Open Graph images (shares in WeChat and elsewhere).
pub const OG_WIDTH: u32 = 1200;

/// Width of list thumbnails (cards).
pub const CARD_WIDTH: u32 = 480;

/// Where the cache lives, relative to the portal root.
pub const CACHE_DIR: &str = ".branchpress-cache/images";

/// Changes whenever the way variants are made changes, so that old cache
/// entries are not reused.
const PIPELINE: &str = "branchpress-images-v1 lanczos3 cascade";

/// One published size of an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
    /// The encoded file (in the cache).
    pub file: PathBuf,
    /// Output path (`branches/x/activities/y/photo-480w.jpg`).
    pub path: String,
}

/// A processed image: its size once upright, and its variants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// Width after EXIF orientation.
    pub width: u32,
    /// Height after EXIF orientation.
    pub height: u32,
    /// Variants, narrowest first (never empty).
    pub variants: Vec<Variant>,
}

impl Image {
    /// The widest variant.
    pub fn largest(&self) -> &Variant {
        self.variants.last().expect("an image has variants")
    }

    /// The narrowest variant at least `width` wide, or the widest there is.
    pub fn at_least(&self, width: u32) -> &Variant {
        self.variants
            .iter()
            .find(|v| v.width >= width)
            .unwrap_or_else(|| self.largest())
    }

    /// `srcset` of the variants, with `base` (the site's base path) before each path.
    pub fn srcset(&self, base: &str) -> String {
        self.variants
            .iter()
            .map(|v| format!("{base}{} {}w", v.path, v.width))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What an `<img>` of this image needs, with URLs under `base`.
    pub fn picture(&self, base: &str) -> Picture {
        let v = self.largest();
        Picture {
            src: format!("{base}{}", self.at_least(WIDTHS[1].min(v.width)).path),
            srcset: self.srcset(base),
            width: v.width,
            height: v.height,
        }
    }
}

/// A photo to process.
#[derive(Clone, Debug)]
pub struct Job {
    /// The file on disk.
    pub file: PathBuf,
    /// Where it is shown in messages (`content/branches/x/photo.jpg`).
    pub display: PathBuf,
    /// Output path the original would have had (`branches/x/photo.jpg`).
    pub dest: String,
}

/// What processing every photo gave.
#[derive(Debug, Default)]
pub struct Processed {
    /// One result per job, in the jobs' order.
    pub images: Vec<Option<Image>>,
    /// Problems (unreadable files), one per failed job.
    pub diagnostics: Vec<Diagnostic>,
    /// How many were encoded and how many came from the cache.
    pub counts: Counts,
}

/// How much work processing took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Images decoded and encoded in this run.
    pub encoded: usize,
    /// Images whose variants came from the cache, without decoding.
    pub reused: usize,
}

/// Whether `path` is a photo branchpress processes (JPEG, PNG or WebP).
pub fn is_photo(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["jpg", "jpeg", "png", "webp"].contains(&e.to_ascii_lowercase().as_str()))
}

/// The cache folder of the portal at `root`.
pub fn cache_dir(root: &Path) -> PathBuf {
    root.join(CACHE_DIR)
}

/// Widths of the variants of an image `width` pixels wide.
pub fn variant_widths(width: u32) -> Vec<u32> {
    let largest = width.min(WIDTHS[WIDTHS.len() - 1]);
    // A width close under the largest would be a near copy of it.
    let mut widths: Vec<u32> = WIDTHS
        .iter()
        .copied()
        .filter(|&w| w * 10 < largest * 9)
        .collect();
    widths.push(largest.max(1));
    widths
}

/// Height of a variant `width` wide, keeping the aspect ratio.
pub fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    ((u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width.max(1))).max(1)
        as u32
}

/// Processes every job in parallel, reusing cached results.
pub fn process_images(cache: &Path, jobs: &[Job]) -> Processed {
    let encoded = AtomicUsize::new(0);
    let results: Vec<Result<Image, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let (image, fresh) =
                crate::error::processing(&job.display, || process_image(cache, job))?;
            if fresh {
                encoded.fetch_add(1, Ordering::Relaxed);
            }
            Ok(image)
        })
        .collect();
    let mut processed = Processed::default();
    processed.counts.encoded = encoded.into_inner();
    for r in results {
        match r {
            Ok(image) => processed.images.push(Some(image)),
            Err(d) => {
                processed.images.push(None);
                processed.diagnostics.push(d);
            }
        }
    }
    let ok = processed.images.iter().flatten().count();
    processed.counts.reused = ok - processed.counts.encoded;
    processed
}

/// Processes one photo: from the cache when it holds it, else decoded and
/// encoded (and then cached). Returns the image and whether it was encoded.
pub fn process_image(cache: &Path, job: &Job) -> Result<(Image, bool), Diagnostic> {
    let bytes = std::fs::read(&job.file).map_err(|e| {
        Diagnostic::error(
            Code::PhotoBroken,
            &job.display,
            text!("无法读取图片：{}", "cannot read the image: {}", e),
        )
    })?;
    let key = cache::key(PIPELINE, &bytes);
    let dest = Dest::new(&job.dest);
    if let Some(found) = cache::lookup(cache, &key) {
        return Ok((dest.image(cache, &key, found), false));
    }
    let (img, format) = decode_upright(&bytes, &job.file).map_err(|e| unreadable(job, &e))?;
    let (width, height) = (img.width(), img.height());
    let mut sizes = Vec::new();
    // Widest first, each variant resized from the one before it: only the
    // widest is computed from the full photo, which is most of the cost.
    let mut source = img;
    for w in variant_widths(width).into_iter().rev() {
        let h = scaled_height(width, height, w);
        if w != source.width() {
            source = source.resize_exact(w, h, FilterType::Lanczos3);
        }
        let encoded = encode(&source, format).map_err(|e| unreadable(job, &e))?;
        cache::store(cache, &cache::variant_name(&key, w, format), &encoded)
            .map_err(|e| cache_error(job, &e))?;
        sizes.push((w, h));
    }
    sizes.reverse();
    let found = cache::Entry {
        width,
        height,
        format,
        sizes,
    };
    cache::store_entry(cache, &key, &found).map_err(|e| cache_error(job, &e))?;
    Ok((dest.image(cache, &key, found), true))
}

/// Photos above this many pixels are refused before decoding: a small
/// file can claim 40,000 × 40,000 pixels (a 4.6 MB PNG took 132 s and
/// 5.7 GB). 120 megapixels leaves room for any phone or camera photo.
pub const MAX_PIXELS: u64 = 120_000_000;

/// Decodes `bytes` and turns the picture upright by its EXIF orientation.
/// Returns it with the format its variants are written in.
fn decode_upright(bytes: &[u8], file: &Path) -> image::ImageResult<(DynamicImage, Format)> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    let source_format = reader.format();
    let mut decoder = reader.into_decoder()?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(image::ImageError::Limits(
            image::error::LimitError::from_kind(image::error::LimitErrorKind::DimensionError),
        ));
    }
    let orientation = decoder.orientation()?;
    let mut img = DynamicImage::from_decoder(decoder)?;
    img.apply_orientation(orientation);
    let png_name = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    let format = if png_name || source_format == Some(image::ImageFormat::Png) || img.has_alpha() {
        Format::Png
    } else {
        Format::Jpeg
    };
    Ok((img, format))
}

/// Encodes a variant. Nothing but pixels is written: no EXIF, no profile.
fn encode(img: &DynamicImage, format: Format) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    match format {
        Format::Jpeg => img.write_with_encoder(
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY),
        )?,
        Format::Png => img.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out))?,
    }
    Ok(out)
}

/// Names variants after the output path of their original.
struct Dest<'a> {
    /// `branches/x/photo`
    stem: &'a str,
}

impl<'a> Dest<'a> {
    fn new(dest: &'a str) -> Dest<'a> {
        let name_start = dest.rfind('/').map_or(0, |i| i + 1);
        let stem = match dest[name_start..].rfind('.') {
            Some(dot) if dot > 0 => &dest[..name_start + dot],
            _ => dest,
        };
        Dest { stem }
    }

    fn image(&self, cache: &Path, key: &str, entry: cache::Entry) -> Image {
        let variants = entry
            .sizes
            .iter()
            .map(|&(w, h)| Variant {
                width: w,
                height: h,
                file: cache.join(cache::variant_name(key, w, entry.format)),
                path: format!("{}-{w}w.{}", self.stem, entry.format.ext()),
            })
            .collect();
        Image {
            width: entry.width,
            height: entry.height,
            variants,
        }
    }
}

fn unreadable(job: &Job, e: &image::ImageError) -> Diagnostic {
    if let image::ImageError::Limits(_) = e {
        return Diagnostic::error(
            Code::PhotoBroken,
            &job.display,
            Text::new(
                format!("图片太大：超过 {} 万像素", MAX_PIXELS / 10_000),
                format!(
                    "the image is too large: over {} million pixels",
                    MAX_PIXELS / 1_000_000
                ),
            ),
        )
        .hint(Text::new(
            "请在看图软件中把图片缩小（如宽 4000 像素）后另存、替换",
            "scale it down in an image editor (e.g. to 4000 pixels wide) and save it again",
        ));
    }
    Diagnostic::error(
        Code::PhotoBroken,
        &job.display,
        text!(
            "图片无法解码（文件可能已损坏或格式不对）：{}",
            "the image cannot be decoded (damaged file or wrong format): {}",
            e
        ),
    )
    .hint(Text::new(
        "请在看图软件中打开该图片，另存为 JPEG 或 PNG 后替换",
        "open it in an image viewer and save it again as JPEG or PNG",
    ))
}

fn cache_error(job: &Job, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::ImageCache,
        &job.display,
        text!(
            "无法写入图片缓存 {}：{}",
            "cannot write the image cache {}: {}",
            CACHE_DIR,
            e
        ),
    )
    .hint(Text::new(
        "请检查门户文件夹是否可写；可以删除 .branchpress-cache 文件夹后重试",
        "check that the portal folder is writable; deleting .branchpress-cache is safe",
    ))
}

#[cfg(test)]
mod tests;
