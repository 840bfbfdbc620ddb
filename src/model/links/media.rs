//! Photos and videos of the published assets: every photo processed through
//! the image cache (its variants published in its place), every video
//! checked for a recorded location, and no two files at one output path.

use crate::error::Code;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Links;
use crate::error::{Diagnostic, Text};
use crate::images::{self, Image};
use crate::text::text;

impl Links {
    /// Every processed image, under the output path of each of its variants.
    pub(in crate::model) fn images_by_path(&self) -> BTreeMap<String, Image> {
        self.images
            .values()
            .flat_map(|i| i.variants.iter().map(move |v| (v.path.clone(), i.clone())))
            .collect()
    }

    /// Processes every photo (in parallel, through the cache at `root`) and
    /// checks every video for a recorded location.
    pub(in crate::model) fn process_media(
        &mut self,
        root: &Path,
    ) -> (images::Counts, Vec<Diagnostic>) {
        let photos: Vec<(&PathBuf, images::Job)> = self
            .assets
            .iter()
            .filter(|(rel, _)| images::is_photo(rel))
            .map(|(rel, (abs, dest))| {
                let display = Path::new("content").join(rel);
                (
                    rel,
                    images::Job {
                        file: abs.clone(),
                        display,
                        dest: dest.clone(),
                    },
                )
            })
            .collect();
        let jobs: Vec<images::Job> = photos.iter().map(|(_, j)| j.clone()).collect();
        let processed = images::process_images(&images::cache_dir(root), &jobs);
        let found: BTreeMap<PathBuf, Image> = photos
            .iter()
            .zip(processed.images)
            .filter_map(|((rel, _), image)| Some(((*rel).clone(), image?)))
            .collect();
        let mut diags = processed.diagnostics;
        diags.extend(check_videos(&self.assets));
        diags.extend(refuse_raw_photos(&self.assets));
        self.images = found;
        diags.extend(self.duplicate_outputs());
        (processed.counts, diags)
    }

    /// Two files published at one path (`a.jpg` and `a.jpeg` both give `a-480w.jpg`).
    fn duplicate_outputs(&self) -> Vec<Diagnostic> {
        let mut seen: BTreeMap<String, &Path> = BTreeMap::new();
        let mut diags = Vec::new();
        for (rel, (_, dest)) in &self.assets {
            let outputs: Vec<String> = match self.images.get(rel) {
                Some(image) => image.variants.iter().map(|v| v.path.clone()).collect(),
                None => vec![dest.clone()],
            };
            for out in outputs {
                if let Some(first) = seen.insert(out.clone(), rel) {
                    diags.push(
                        Diagnostic::error(Code::AddressTaken,
                            Path::new("content").join(rel),
                            text!(
                                "发布路径 /{} 与 content/{} 重复",
                                "output path /{} is also produced by content/{}",
                                out,
                                crate::error::slash(first)
                            ),
                        )
                        .hint(Text::new(
                            "请给其中一个文件改名（同名的 .jpg、.jpeg、.webp 会生成同名的缩放图）",
                            "rename one of them (a.jpg, a.jpeg and a.webp give the same resized files)",
                        )),
                    );
                }
            }
        }
        diags
    }
}

/// Checks every published video for a recorded location, in parallel.
/// Photo formats branchpress cannot re-encode (and so cannot strip): they
/// would be published with their EXIF, GPS position included.
const RAW_PHOTOS: [&str; 7] = ["heic", "heif", "avif", "tif", "tiff", "dng", "jxl"];

/// An error for every photo in a format that cannot be stripped.
fn refuse_raw_photos(assets: &BTreeMap<PathBuf, (PathBuf, String)>) -> Vec<Diagnostic> {
    assets
        .keys()
        .filter_map(|rel| {
            let ext = rel.extension()?.to_str()?.to_ascii_lowercase();
            if !RAW_PHOTOS.contains(&ext.as_str()) {
                return None;
            }
            let upper = ext.to_ascii_uppercase();
            Some(
                Diagnostic::error(Code::PhotoFormat,
                    Path::new("content").join(rel),
                    text!(
                        "无法处理 {} 格式的照片：它可能带有拍摄位置等信息，不能原样发布",
                        "{} photos cannot be processed: they may carry the place they were taken, so they are not published as they are",
                        upper
                    ),
                )
                .hint(Text::new(
                    "请先另存为 JPEG（.jpg）再放进文件夹；苹果手机可在“设置 → 相机 → 格式”中选“兼容性最佳”",
                    "save it as JPEG (.jpg) first; on an iPhone, Settings → Camera → Formats → Most Compatible",
                )),
            )
        })
        .collect()
}

fn check_videos(assets: &BTreeMap<PathBuf, (PathBuf, String)>) -> Vec<Diagnostic> {
    let videos: Vec<_> = assets
        .iter()
        .filter(|(rel, _)| images::is_video(rel))
        .collect();
    videos
        .par_iter()
        .filter_map(|(rel, (abs, _))| {
            let problem = images::check_video(abs).err()?;
            Some(problem.diagnostic(&Path::new("content").join(rel)))
        })
        .collect()
}
