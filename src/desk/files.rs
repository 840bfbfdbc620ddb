//! What the desk writes: story paths checked part by part, atomic writes,
//! and photos judged by their bytes.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

use super::call::{Answer, Call, MAX_UPLOADED, fail, slash};
use super::served::{self, ServedSite, Shared};
use crate::error::Text;

/// The most photos one story's folder may hold.
const MAX_PHOTOS: usize = 100;

/// A story's file, `content/branches/<branch>/<kind>/<name>.md` or
/// `…/<name>/index.md`, of a branch and a kind the portal has. The only
/// way a path from a request reaches the file system.
pub struct StoryPath {
    /// Relative to the portal root.
    pub rel: PathBuf,
    /// The branch's folder name.
    pub branch: String,
    /// The kind's folder name.
    pub kind: String,
}

fn refuse(what: &str) -> Answer {
    fail(
        400,
        crate::text::text!(
            "拒绝：稿件路径“{}”不可用（稿件只能在 content/branches/<支部>/<类别>/ 中）",
            "refused: the story path \"{}\" cannot be used (stories live in content/branches/<branch>/<kind>/)",
            what
        ),
    )
}

/// A file or folder name a request may use: no `..`, no separators, no
/// hidden or device-like names.
fn safe_part(part: &str) -> bool {
    // Windows: reserved device names (whatever their extension), and a
    // trailing dot or space, which it drops (`abc.` is `abc`).
    let device = crate::content::is_windows_device(part);
    !part.is_empty()
        && part.len() <= 150
        && !part.starts_with('.')
        && !part.ends_with(['.', ' '])
        && !device
        && !part.contains(['/', '\\', ':', '\0', '*', '?', '"', '<', '>', '|'])
        && !part.chars().any(char::is_control)
}

impl StoryPath {
    /// Checks a path sent by the desk.
    pub fn parse(dev: &dyn ServedSite, given: &str) -> Result<StoryPath, Answer> {
        let parts: Vec<&str> = given.split('/').collect();
        let ok_shape = match parts.as_slice() {
            ["content", "branches", _, _, name] => name.ends_with(".md") && *name != "_branch.md",
            ["content", "branches", _, _, _, "index.md"] => true,
            _ => false,
        };
        if !ok_shape || !parts.iter().all(|p| safe_part(p)) {
            return Err(refuse(given));
        }
        let (branch, kind) = (parts[2], parts[3]);
        known(dev, branch, kind)?;
        let rel: PathBuf = parts.iter().collect();
        inside_content(dev.root(), &rel).map_err(|_| refuse(given))?;
        Ok(StoryPath {
            rel,
            branch: branch.to_string(),
            kind: kind.to_string(),
        })
    }

    /// Where a new story goes: `<branch>/<kind>/<date>-<slug of the title>/index.md`,
    /// as `branchpress new` would put it.
    pub fn new_story(
        dev: &dyn ServedSite,
        branch: &str,
        kind: &str,
        title: &str,
        date: &str,
    ) -> Result<StoryPath, Answer> {
        known(dev, branch, kind)?;
        if title.trim().is_empty() {
            let (status, mut v) = fail(422, Text::new("请填写“标题”", "Fill in “Title”"));
            v["field"] = json!("title");
            return Err((status, v));
        }
        let day = date
            .get(..10)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok());
        let Some(day) = day else {
            let (status, mut v) = fail(422, Text::new("请填写“日期”", "Fill in “Date”"));
            v["field"] = json!("date");
            return Err((status, v));
        };
        let config = &dev.site().ok_or_else(site_broken)?.config;
        let singular = &config.kinds[config.kind_index(kind).unwrap_or(0)].singular;
        let folder = Path::new("content/branches").join(branch).join(kind);
        let slug = crate::scaffold::title_slug(title.trim(), singular);
        let rel = crate::scaffold::free_story_path(dev.root(), &folder, day, &slug)
            .map_err(|d| fail(409, d.message))?;
        inside_content(dev.root(), &rel).map_err(|_| refuse(&rel.to_string_lossy()))?;
        Ok(StoryPath {
            rel,
            branch: branch.to_string(),
            kind: kind.to_string(),
        })
    }

    /// The story's folder when it is a bundle.
    fn bundle(&self) -> Option<&Path> {
        self.rel
            .ends_with("index.md")
            .then(|| self.rel.parent())
            .flatten()
    }
}

fn site_broken() -> Answer {
    fail(
        409,
        Text::new(
            "网站有错误，请先改正（预览页面上有说明）",
            "the site has errors; fix them first (the preview shows them)",
        ),
    )
}

/// A branch and a kind of this portal.
fn known(dev: &dyn ServedSite, branch: &str, kind: &str) -> Result<(), Answer> {
    let site = dev.site().ok_or_else(site_broken)?;
    let has_branch = site.branches.iter().any(|b| b.slug == branch);
    let has_kind = site.config.kind_index(kind).is_some();
    // In the form's words: the writer chose (or did not choose) from a list.
    let (field, message) = match (branch.is_empty(), has_branch, kind.is_empty(), has_kind) {
        (true, ..) => ("branch", Text::new("请选择支部", "Choose a branch")),
        (_, false, ..) => (
            "branch",
            crate::text::text!(
                "没有支部“{}”，请重新选择",
                "There is no branch \"{}\"; choose one",
                branch
            ),
        ),
        (_, _, true, _) => (
            "kind",
            Text::new("请选择稿件类型", "Choose the kind of story"),
        ),
        (_, _, _, false) => (
            "kind",
            crate::text::text!(
                "没有稿件类型“{}”，请重新选择",
                "There is no kind \"{}\"; choose one",
                kind
            ),
        ),
        _ => return Ok(()),
    };
    let mut answer = fail(422, message);
    answer.1["field"] = json!(field);
    Err(answer)
}

/// Refuses a path that, through a link on disk, leads out of content/.
fn inside_content(root: &Path, rel: &Path) -> std::io::Result<()> {
    let content = root.join("content").canonicalize()?;
    let mut existing = root.join(rel);
    while !existing.exists() {
        existing = existing.parent().map(Path::to_path_buf).unwrap_or_default();
    }
    let real = existing.canonicalize()?;
    if real.starts_with(&content) && rel.components().all(|c| matches!(c, Component::Normal(_))) {
        Ok(())
    } else {
        Err(std::io::Error::other("outside content/"))
    }
}

/// The version of a file's bytes, to notice changes made meanwhile.
pub fn version(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..32].to_string()
}

/// The photos in the folder of the story at `rel` (none for a one-file story).
pub fn photos(root: &Path, rel: &Path) -> Vec<String> {
    if !rel.ends_with("index.md") {
        return Vec::new();
    }
    let Some(dir) = rel.parent() else {
        return Vec::new();
    };
    let mut names: Vec<String> = std::fs::read_dir(root.join(dir))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| crate::images::is_photo(Path::new(n)))
        .collect();
    names.sort();
    names
}

use crate::output::temporary;
pub use crate::output::write_atomic;

/// What a photo's bytes are: JPEG, PNG or WebP that decodes far enough to
/// give its size; anything else (whatever its name) is refused.
fn photo_format(bytes: &[u8]) -> Option<image::ImageFormat> {
    use image::ImageFormat::{Jpeg, Png, WebP};
    let format = image::guess_format(bytes)
        .ok()
        .filter(|f| matches!(f, Jpeg | Png | WebP))?;
    let reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let (w, h) = reader.into_dimensions().ok()?;
    (u64::from(w) * u64::from(h) <= crate::images::MAX_PIXELS).then_some(format)
}

/// Puts an uploaded photo into the story's folder (a one-file story
/// becomes a bundle; a new story gets its folder) under a safe name.
pub fn upload(dev: &Shared, call: &Call, uploaded: &AtomicU64) -> Result<Value, Answer> {
    let size = call.body.len() as u64;
    if uploaded.load(Ordering::Relaxed) + size > MAX_UPLOADED {
        return Err(fail(
            413,
            Text::new(
                "这次预览中上传的照片已超过 2 GB；请关闭并重新运行 branchpress serve 后继续",
                "over 2 GB of photos were uploaded in this preview; stop and start branchpress serve again to go on",
            ),
        ));
    }
    let (answer, photo, before) = {
        let dev = served::read(dev);
        let (answer, photo) = store(&*dev, call)?;
        (answer, photo, dev.version())
    };
    // The preview and the check that follow must find the photo: wait
    // until the watcher has loaded the site with it.
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(30) {
        let dev = served::read(dev);
        if dev.site().is_some_and(|s| s.built_from(&photo))
            // A newer change with errors elsewhere: the site will not load it yet.
            || (dev.version() > before && !dev.errors().is_empty())
        {
            break;
        }
        drop(dev);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    uploaded.fetch_add(size, Ordering::Relaxed);
    Ok(answer)
}

/// Writes the photo; the answer and the photo's path from the root.
fn store(dev: &dyn ServedSite, call: &Call) -> Result<(Value, PathBuf), Answer> {
    let root = dev.root();
    let Some(format) = photo_format(call.body) else {
        return Err(fail(
            415,
            Text::new(
                "只能上传 JPEG、PNG 或 WebP 照片（按文件内容判断，不看扩展名）；这个文件不是",
                "only JPEG, PNG or WebP photos can be uploaded (judged by their content, not their name); this file is not one",
            ),
        ));
    };
    let mut path = match call.param_path() {
        Some(given) => StoryPath::parse(dev, given)?,
        None => StoryPath::new_story(
            dev,
            call.param_or("branch"),
            call.param_or("kind"),
            call.param_or("title"),
            call.param_or("date"),
        )?,
    };
    if path.bundle().is_none() {
        path = into_bundle(root, path)?;
    }
    let dir = root.join(path.bundle().unwrap_or(Path::new("content")));
    let existing = photos(root, &path.rel);
    // The photo's GPS and the like never reach the portal's files (and so
    // its repository), not only its built pages.
    let clean = crate::images::without_metadata(call.body);
    let bytes = clean.as_deref().unwrap_or(call.body);
    let rel_dir = path.bundle().unwrap_or(Path::new("content"));
    if let Some(name) = same_photo(&dir, &existing, bytes) {
        let answer = json!({
            "path": slash(&path.rel),
            "name": name,
            "photos": existing,
            "reused": true,
        });
        return Ok((answer, rel_dir.join(&name)));
    }
    if existing.len() >= MAX_PHOTOS {
        return Err(fail(
            413,
            crate::text::text!(
                "一篇稿件最多 {} 张照片",
                "a story may hold at most {} photos",
                MAX_PHOTOS
            ),
        ));
    }
    let name = photo_name(&dir, call.param_or("name"), format);
    std::fs::create_dir_all(&dir)
        .and_then(|()| write_new_atomic(&dir.join(&name), bytes))
        .map_err(|e| {
            fail(
                500,
                crate::text::text!("无法保存照片：{}", "cannot save the photo: {}", e),
            )
        })?;
    let answer = json!({
        "path": slash(&path.rel),
        "name": name,
        "photos": photos(root, &path.rel),
    });
    Ok((answer, rel_dir.join(&name)))
}

/// The photo of the story's folder with these very bytes (as the desk
/// stores them, metadata removed), if one is there: uploading it again
/// reuses it. Only files of the same size are read and hashed.
fn same_photo(dir: &Path, names: &[String], bytes: &[u8]) -> Option<String> {
    let size = bytes.len() as u64;
    let mut hash = None;
    names
        .iter()
        .filter(|n| std::fs::metadata(dir.join(n)).is_ok_and(|m| m.len() == size))
        .find(|n| {
            let Ok(other) = std::fs::read(dir.join(n)) else {
                return false;
            };
            *hash.get_or_insert_with(|| blake3::hash(bytes)) == blake3::hash(&other)
        })
        .cloned()
}

/// A free name in `dir` for a photo sent as `given`: its name made safe,
/// with the extension of what its bytes are.
fn photo_name(dir: &Path, given: &str, format: image::ImageFormat) -> String {
    let ext = match format {
        image::ImageFormat::Png => "png",
        image::ImageFormat::WebP => "webp",
        _ => "jpg",
    };
    let stem = Path::new(given)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = crate::scaffold::title_slug(&stem, "photo");
    std::iter::once(format!("{stem}.{ext}"))
        .chain((2..).map(|n| format!("{stem}-{n}.{ext}")))
        .find(|n| !dir.join(n).exists())
        .unwrap_or_default()
}

/// Writes a new file in one step, never over an existing one.
fn write_new_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no folder"))?;
    let mut tmp = temporary(dir, None)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// `<name>.md` becomes `<name>/index.md`, so that photos can sit beside it.
fn into_bundle(root: &Path, path: StoryPath) -> Result<StoryPath, Answer> {
    let stem = path.rel.with_extension("");
    let rel = stem.join("index.md");
    if root.join(&stem).exists() {
        return Err(fail(
            409,
            crate::text::text!(
                "无法把稿件改为文件夹：{} 已经存在",
                "cannot turn the story into a folder: {} exists",
                slash(&stem)
            ),
        ));
    }
    if root.join(&path.rel).is_file() {
        // The story goes into a hidden folder first, which then takes the
        // story's name: the story is at one place or the other, never lost
        // and never beside an empty folder.
        let parent = root
            .join(&stem)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let moved = tempfile::Builder::new()
            .prefix(".branchpress-")
            .tempdir_in(&parent)
            .and_then(|tmp| {
                // A folder like the others (temporary ones are private).
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt as _;
                    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755))?;
                }
                std::fs::rename(root.join(&path.rel), tmp.path().join("index.md"))?;
                match std::fs::rename(tmp.path(), root.join(&stem)) {
                    Ok(()) => {
                        // Already renamed away; nothing left to remove.
                        let _ = tmp.keep();
                        Ok(())
                    }
                    Err(e) => {
                        let _ = std::fs::rename(tmp.path().join("index.md"), root.join(&path.rel));
                        Err(e)
                    }
                }
            });
        moved.map_err(|e| {
            fail(
                500,
                crate::text::text!("无法移动稿件：{}", "cannot move the story: {}", e),
            )
        })?;
    }
    Ok(StoryPath { rel, ..path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_requests_are_single_plain_parts() {
        for bad in [
            "..", ".", "", ".git", "a/b", "a\\b", "c:", "a\0", "x\n", "nul", "CON.md", "com1.jpg",
            "abc.", "abc ",
        ] {
            assert!(!safe_part(bad), "{bad:?}");
        }
        assert!(safe_part("2024-03-26-free-clinic"));
        assert!(safe_part("义诊.md"));
        assert!(safe_part("console.md") && safe_part("com10.md"));
    }

    #[test]
    fn photos_are_judged_by_their_bytes() {
        assert!(photo_format(b"<html><script>alert(1)</script></html>").is_none());
        assert!(photo_format(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>").is_none());
        let mut png = Vec::new();
        image::RgbImage::new(2, 2)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(photo_format(&png), Some(image::ImageFormat::Png));
        // A header alone is not a photo.
        assert!(photo_format(&png[..12]).is_none());
    }
}
