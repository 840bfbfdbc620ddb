//! Where files end up and how references between them resolve: asset output
//! paths (bundle assets follow their story's slug), processed photos (their
//! variants are published instead of the originals), front-matter images
//! (`cover`, `logo`), and relative links, images and shortcodes in Markdown
//! bodies.

use crate::error::Code;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

mod body;
mod media;

use super::parts::Parts;
use crate::config::Config;
use crate::content::Asset;
use crate::error::{Diagnostic, Text};
use crate::front_matter::RawFrontMatter;
use crate::images::{Image, OG_WIDTH};
use crate::markdown::Resolution;
use crate::text::text;

/// Resolves references, knowing every published file's output path.
#[derive(Debug)]
pub(super) struct Links {
    base_path: String,
    /// Raw HTML is published as written (`trust_html: true`).
    trust_html: bool,
    static_dir: PathBuf,
    /// content-relative asset path → (file on disk, output path)
    assets: BTreeMap<PathBuf, (PathBuf, String)>,
    /// content-relative Markdown path → output path
    pages: BTreeMap<PathBuf, String>,
    /// content-relative photo path → its processed variants
    pub(super) images: BTreeMap<PathBuf, Image>,
}

/// A slug from a file or folder name: the leading date goes, Chinese becomes pinyin.
pub fn slug_from_file_name(name: &str) -> String {
    let b = name.as_bytes();
    let dated = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && matches!(b[10], b'-' | b'_');
    let rest = if dated { &name[11..] } else { name };
    [rest, name]
        .into_iter()
        .map(slug::slugify)
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "untitled".to_string())
}

/// The slug written in front matter (made URL-safe), or else one from the file name.
pub fn slug_or(explicit: Option<&str>, file_name: &str) -> String {
    explicit
        .map(slug::slugify)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slug_from_file_name(file_name))
}

pub(super) fn content_rel(source: &Path) -> &Path {
    source.strip_prefix("content").unwrap_or(source)
}

/// Joins `dest` to `dir` lexically; None when it climbs out of content/.
pub(super) fn join_inside(dir: &Path, dest: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in dir.join(dest).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

pub(super) fn is_external(dest: &str) -> bool {
    let scheme = dest.find(':').is_some_and(|i| {
        !dest[..i].contains('/')
            && dest[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    scheme || dest.starts_with("//") || dest.starts_with('#') || dest.is_empty()
}

impl Links {
    pub(super) fn new(
        root: &Path,
        assets: &[Asset],
        parts: &Parts,
        draft_dirs: &BTreeSet<PathBuf>,
        config: &Config,
    ) -> Links {
        let (stories, branches) = (&parts.stories, &parts.branches);
        let (pages, home) = (&parts.pages, &parts.home);
        let bundles: BTreeMap<&Path, &str> = stories
            .iter()
            .filter(|s| s.source.ends_with("index.md"))
            .filter_map(|s| Some((content_rel(&s.source).parent()?, s.path.as_str())))
            .collect();
        let mut map = BTreeMap::new();
        for a in assets {
            if a.rel.ancestors().any(|d| draft_dirs.contains(d)) {
                continue;
            }
            let bundle = a
                .rel
                .ancestors()
                .skip(1)
                .find_map(|d| bundles.get(d).map(|p| (d, *p)));
            let dest = match bundle {
                Some((dir, story_path)) => {
                    let inner = a.rel.strip_prefix(dir).unwrap_or(&a.rel);
                    format!("{story_path}{}", inner.to_string_lossy().replace('\\', "/"))
                }
                None => a.rel.to_string_lossy().replace('\\', "/"),
            };
            map.insert(a.rel.clone(), (a.abs.clone(), dest));
        }
        let mut page_map = BTreeMap::new();
        for s in stories {
            page_map.insert(content_rel(&s.source).to_path_buf(), s.path.clone());
        }
        for b in branches {
            page_map.insert(content_rel(&b.source).to_path_buf(), b.path.clone());
        }
        for p in pages.iter().chain(home.iter()) {
            page_map.insert(content_rel(&p.source).to_path_buf(), p.path.clone());
        }
        Links {
            base_path: config.base_path().to_string(),
            trust_html: config.trust_html,
            static_dir: root.join("static"),
            assets: map,
            pages: page_map,
            images: BTreeMap::new(),
        }
    }

    /// Whether `path` (relative to the root) is an asset under content/, or
    /// a folder holding one.
    pub(super) fn has_input(&self, path: &Path) -> bool {
        path.strip_prefix("content")
            .is_ok_and(|rel| self.assets.keys().any(|k| k.starts_with(rel)))
    }

    /// Every published asset: (file on disk, output path), sorted by output
    /// path. Processed photos are published as their variants (the files in
    /// the image cache), never as the originals.
    pub(super) fn published_assets(&self) -> Vec<(PathBuf, String)> {
        let mut v: Vec<_> = self
            .assets
            .iter()
            .filter(|(rel, _)| !self.images.contains_key(*rel))
            .map(|(_, a)| a.clone())
            .chain(
                self.images
                    .values()
                    .flat_map(|i| i.variants.iter().map(|v| (v.file.clone(), v.path.clone()))),
            )
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    }

    /// The published path of an asset: for a processed photo, its variant
    /// for sharing (about [`OG_WIDTH`] wide).
    fn published_path(&self, rel: &Path) -> Option<String> {
        match self.images.get(rel) {
            Some(image) => Some(image.at_least(OG_WIDTH).path.clone()),
            None => self.assets.get(rel).map(|(_, dest)| dest.clone()),
        }
    }

    /// Resolves an image named in front matter to its output path (or keeps a URL).
    pub(super) fn front_matter_asset(
        &self,
        source: &Path,
        value: Option<&str>,
        field: &str,
        front: &RawFrontMatter,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let value = value?.trim();
        if is_external(value) {
            return Some(value.to_string());
        }
        if let Some(abs) = value.strip_prefix('/') {
            if let Some(dest) = self.published_path(Path::new(abs)) {
                return Some(dest);
            }
            if join_inside(Path::new(""), abs).is_some() && self.static_dir.join(abs).is_file() {
                return Some(abs.to_string());
            }
        }
        let dir = content_rel(source).parent().unwrap_or(Path::new(""));
        let Some(target) = join_inside(dir, value).filter(|_| !value.starts_with('/')) else {
            diags.push(
                front
                    .error_at(
                        Code::AssetOutside,
                        source,
                        field,
                        text!(
                            "图片路径“{}”指向 content 文件夹之外",
                            "image path \"{}\" points outside content/",
                            value
                        ),
                    )
                    .hint(Text::new(
                        "请把图片放在稿件旁边，写相对路径（如 photo.jpg）",
                        "put the image beside the story and use a relative path (e.g. photo.jpg)",
                    )),
            );
            return None;
        };
        match self.published_path(&target) {
            Some(dest) => Some(dest),
            None => {
                diags.push(
                    front
                        .error_at(
                            Code::AssetMissing,
                            source,
                            field,
                            text!(
                                "图片“{}”不存在（应在 content/{}）",
                                "image \"{}\" does not exist (expected at content/{})",
                                value,
                                crate::error::slash(&target)
                            ),
                        )
                        .hint(Text::new(
                            "路径相对于该 Markdown 文件所在的文件夹",
                            "paths are relative to the Markdown file's folder",
                        )),
                );
                None
            }
        }
    }

    pub(super) fn resolve(&self, dir: &Path, dest: &str) -> Resolution {
        if is_external(dest) {
            return Resolution::Keep;
        }
        if let Some(rest) = dest.strip_prefix('/') {
            // Site-absolute: keep it under the base path (sub-path previews).
            return if self.base_path == "/" {
                Resolution::Keep
            } else {
                Resolution::Rewrite(format!("{}{rest}", self.base_path))
            };
        }
        let (path_part, suffix) = match dest.find(['#', '?']) {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (dest, ""),
        };
        let Some(target) = join_inside(dir, &percent_decode(path_part)) else {
            return Resolution::Missing;
        };
        if let Some(image) = self.images.get(&target) {
            let url = format!("{}{}{suffix}", self.base_path, image.largest().path);
            let picture = image.picture(&self.base_path);
            return Resolution::Image { url, picture };
        }
        if let Some((_, out)) = self.assets.get(&target) {
            return Resolution::Rewrite(format!("{}{out}{suffix}", self.base_path));
        }
        let page = self
            .pages
            .get(&target)
            .or_else(|| self.pages.get(&target.join("index.md")))
            .or_else(|| self.pages.get(&target.join("_index.md")))
            .or_else(|| self.pages.get(&target.join("_branch.md")));
        match page {
            Some(out) => Resolution::Rewrite(format!("{}{out}{suffix}", self.base_path)),
            None => Resolution::Missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_drop_dates_and_turn_chinese_into_pinyin() {
        assert_eq!(slug_from_file_name("2024-03-26-free-clinic"), "free-clinic");
        assert_eq!(
            slug_from_file_name("2023-07-01-主题党日活动"),
            "zhu-ti-dang-ri-huo-dong"
        );
        assert_eq!(slug_from_file_name("2024-03-26"), "2024-03-26");
        assert_eq!(slug_from_file_name("About Us"), "about-us");
        assert_eq!(slug_from_file_name("！！"), "untitled");
    }

    #[test]
    fn joins_stay_inside_content() {
        assert_eq!(
            join_inside(Path::new("branches/a"), "../b/x.jpg"),
            Some(PathBuf::from("branches/b/x.jpg"))
        );
        assert_eq!(join_inside(Path::new("branches"), "../../etc/passwd"), None);
        assert!(is_external("https://x.org/a"));
        assert!(is_external("mailto:a@b.c"));
        assert!(!is_external("photo.jpg"));
        assert_eq!(percent_decode("my%20photo.jpg"), "my photo.jpg");
    }
}
