//! One Markdown body as the renderer sees it: its links resolve relative to
//! its folder, and its shortcodes find their photos and videos there (a
//! bundle's own photos for `gallery()`, its cover left out).

use std::path::{Path, PathBuf};

use super::{Links, content_rel, is_external, join_inside, percent_decode};
use crate::error::{Code, Diagnostic, Text};
use crate::front_matter::Document;
use crate::markdown::{BodyPlace, Rendered, render_markdown};
use crate::markdown::{Resolution, Resolver};
use crate::shortcode::html::{Expansion, Media, Shown, expand};
use crate::shortcode::{Call, ShortcodeError};
use crate::text::text;

impl Links {
    /// Renders a body, rewriting relative links and reporting broken ones with their line.
    pub(in crate::model) fn render(
        &self,
        source: &Path,
        doc: &Document,
        diags: &mut Vec<Diagnostic>,
    ) -> Rendered {
        let body = Body::new(self, source, doc);
        let mut rendered = render_markdown(doc.body(), &body);
        let dir = content_rel(source).parent().unwrap_or(Path::new(""));
        rendered.cover_in_body = body.is_cover(rendered.first_image.as_deref());
        for (offset, dest) in &rendered.broken {
            let (line, column, snippet) = doc.body_place(*offset);
            let path_part = dest.split(['#', '?']).next().unwrap_or_default();
            let (code, message) = if join_inside(dir, &percent_decode(path_part)).is_none() {
                (
                    Code::AssetOutside,
                    text!(
                        "链接或图片“{}”指向 content 文件夹之外",
                        "link or image \"{}\" points outside content/",
                        dest
                    ),
                )
            } else {
                (
                    Code::LinkBroken,
                    text!(
                        "链接或图片“{}”指向的文件不存在",
                        "link or image \"{}\" points to a file that does not exist",
                        dest
                    ),
                )
            };
            diags.push(
                Diagnostic::error(code, source, message)
                    .at(line, column)
                    .snippet(snippet)
                    .hint(Text::new(
                        "路径相对于该 Markdown 文件所在的文件夹；图片请放在稿件旁边",
                        "paths are relative to the Markdown file's folder",
                    )),
            );
        }
        // Photos without alt text and `http://` links are recorded with
        // their place in the file: the findings stage reports them.
        let place = |offset: usize| {
            let (line, column, snippet) = doc.body_place(offset);
            BodyPlace {
                line,
                column,
                snippet: snippet.to_string(),
            }
        };
        rendered.no_alt_at = rendered.no_alt.iter().map(|&o| place(o)).collect();
        rendered.insecure_at = (rendered.insecure.iter())
            .map(|(o, dest)| (place(*o), dest.clone()))
            .collect();
        for (offset, e) in &rendered.shortcode_errors {
            let (line, column, snippet) = doc.body_place(*offset);
            let mut d = Diagnostic::error(Code::Shortcode, source, e.message.clone())
                .at(line, column)
                .snippet(snippet);
            d.hint = e.hint.clone();
            diags.push(d);
        }
        rendered
    }
}

/// Image files shown as they are (not processed, no variants).
const PLAIN_IMAGES: [&str; 2] = ["gif", "svg"];

/// Video files the `video` shortcode plays.
const VIDEOS: [&str; 2] = ["mp4", "webm"];

/// A body being rendered, with what its shortcodes need.
pub(in crate::model) struct Body<'l> {
    links: &'l Links,
    /// content-relative folder of the Markdown file.
    dir: PathBuf,
    /// The file is a bundle's index.md.
    bundle: bool,
    /// content-relative path of the cover named in front matter.
    cover: Option<PathBuf>,
}

impl<'l> Body<'l> {
    pub(in crate::model) fn new(links: &'l Links, source: &Path, doc: &Document) -> Body<'l> {
        let rel = content_rel(source);
        let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
        let cover = doc
            .front
            .get("cover")
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|c| !is_external(c) && !c.starts_with('/'))
            .and_then(|c| join_inside(&dir, c));
        Body {
            links,
            bundle: rel.file_name().is_some_and(|n| n == "index.md"),
            dir,
            cover,
        }
    }

    /// Whether the body's first image, `first` as written, is the file the
    /// front matter names as cover (so the story page shows it once).
    fn is_cover(&self, first: Option<&str>) -> bool {
        let Some(first) = first else {
            return false;
        };
        let path_part = first.split(['#', '?']).next().unwrap_or_default();
        if is_external(first) || first.starts_with('/') {
            return false;
        }
        let target = join_inside(&self.dir, &percent_decode(path_part));
        target.is_some() && target == self.cover
    }

    /// content-relative path of `src`, or what is wrong with it.
    fn target(&self, src: &str, what: Text) -> Result<PathBuf, ShortcodeError> {
        let missing = |target: &Path| {
            let at = crate::error::slash(target);
            ShortcodeError::new(
                Text::new(
                    format!("{}“{src}”不存在（应在 content/{at}）", what.zh),
                    format!(
                        "{} \"{src}\" does not exist (expected at content/{at})",
                        what.en
                    ),
                ),
                Text::new(
                    "路径相对于该 Markdown 文件所在的文件夹；请把文件放在稿件旁边",
                    "paths are relative to the Markdown file's folder; put the file beside the story",
                ),
            )
        };
        let target = join_inside(&self.dir, &percent_decode(src)).ok_or_else(|| {
            ShortcodeError::new(
                text!(
                    "路径“{}”指向 content 文件夹之外",
                    "path \"{}\" points outside content/",
                    src
                ),
                Text::new(
                    "请把文件放在稿件旁边，写相对路径（如 photo.jpg）",
                    "put the file beside the story and use a relative path (e.g. photo.jpg)",
                ),
            )
        })?;
        if self.links.assets.contains_key(&target) {
            Ok(target)
        } else {
            Err(missing(&target))
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.links.base_path)
    }
}

fn has_ext(path: &Path, allowed: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| allowed.contains(&e.to_ascii_lowercase().as_str()))
}

impl Resolver for Body<'_> {
    fn resolve(&self, dest: &str) -> Resolution {
        self.links.resolve(&self.dir, dest)
    }

    fn shortcode(&self, call: &Call) -> Result<Expansion, ShortcodeError> {
        expand(call, self)
    }

    fn trust_html(&self) -> bool {
        self.links.trust_html
    }
}

impl Media for Body<'_> {
    fn image(&self, src: &str) -> Result<Shown, ShortcodeError> {
        let target = self.target(src, Text::new("图片", "image"))?;
        if let Some(image) = self.links.images.get(&target) {
            return Ok(Shown::Picture(image.picture(&self.links.base_path)));
        }
        match self.links.assets.get(&target) {
            Some((_, dest)) if has_ext(&target, &PLAIN_IMAGES) => Ok(Shown::Plain(self.url(dest))),
            _ => Err(ShortcodeError::new(
                text!("“{}”不是图片", "\"{}\" is not an image", src),
                Text::new(
                    "图片可以是 JPEG、PNG、WebP（会自动缩放）或 GIF、SVG",
                    "images may be JPEG, PNG, WebP (resized) or GIF, SVG",
                ),
            )),
        }
    }

    fn bundle_photos(&self) -> Result<Vec<Shown>, ShortcodeError> {
        if !self.bundle {
            return Err(ShortcodeError::new(
                Text::new(
                    "gallery() 不写 src 时只能用在图文包（文件夹 + index.md）中",
                    "gallery() without src works only in a bundle (a folder with index.md)",
                ),
                Text::new(
                    "请列出照片：{{ gallery(src=[\"a.jpg\", \"b.jpg\"]) }}，或把稿件改为文件夹/index.md 并把照片放进去",
                    "list the photos: {{ gallery(src=[\"a.jpg\", \"b.jpg\"]) }}, or make the story a folder with index.md and its photos",
                ),
            ));
        }
        let photos: Vec<Shown> = self
            .links
            .images
            .iter()
            .filter(|(rel, _)| rel.parent() == Some(self.dir.as_path()))
            .filter(|(rel, _)| self.cover.as_deref() != Some(rel.as_path()))
            .map(|(_, image)| Shown::Picture(image.picture(&self.links.base_path)))
            .collect();
        if photos.is_empty() {
            return Err(ShortcodeError::new(
                Text::new(
                    "图文包中除封面外没有照片可展示",
                    "the bundle has no photos besides its cover",
                ),
                Text::new(
                    "请把 JPEG、PNG 或 WebP 照片放进稿件所在的文件夹",
                    "put JPEG, PNG or WebP photos in the story's folder",
                ),
            ));
        }
        Ok(photos)
    }

    fn video(&self, src: &str) -> Result<String, ShortcodeError> {
        let target = self.target(src, Text::new("视频", "video"))?;
        if !has_ext(&target, &VIDEOS) {
            return Err(ShortcodeError::new(
                text!(
                    "“{}”不是 MP4 或 WebM 视频",
                    "\"{}\" is not an MP4 or WebM video",
                    src
                ),
                Text::new(
                    "video 只播放稿件旁边的 .mp4 或 .webm 文件",
                    "video plays .mp4 or .webm files beside the story",
                ),
            ));
        }
        let (_, dest) = &self.links.assets[&target];
        Ok(self.url(dest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_mp4_and_webm_play() {
        use crate::images;
        assert!(has_ext(Path::new("a/clip.MP4"), &VIDEOS));
        assert!(!has_ext(Path::new("a/clip.mov"), &VIDEOS));
        assert!(images::is_video(Path::new("clip.mov")));
    }
}
