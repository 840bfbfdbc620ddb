//! The theme: templates, static files and UI strings. The default theme is
//! built into the binary; a portal's `themes/<name>/` folder overrides any of
//! its files, and the portal's own `static/` folder comes last.

use crate::error::Code;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::error::{Diagnostic, Lang, Text};
use crate::text::text;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// Where a static file's bytes come from.
#[derive(Clone, Debug)]
pub enum StaticSource {
    /// Built into the binary.
    Embedded(&'static [u8]),
    /// A file on disk.
    Disk(PathBuf),
}

/// A loaded theme.
#[derive(Debug, Default)]
pub struct Theme {
    /// Template name (`base.html`) → (text, where it came from, for messages).
    pub templates: BTreeMap<String, (String, String)>,
    /// Output path → source, for static files.
    pub statics: BTreeMap<String, StaticSource>,
    /// UI strings in the site's language (falling back to zh-CN).
    pub strings: BTreeMap<String, String>,
    /// `wechat.css`: the styles `wechat` writes inline, and where it came
    /// from (for messages).
    pub wechat_css: Option<(String, String)>,
}

/// One theme file, from either layer.
struct ThemeFile {
    rel: String,
    origin: String,
    source: StaticSource,
}

impl ThemeFile {
    fn bytes(&self) -> std::io::Result<Vec<u8>> {
        match &self.source {
            StaticSource::Embedded(b) => Ok(b.to_vec()),
            StaticSource::Disk(p) => std::fs::read(p),
        }
    }
}

/// Loads the theme named in the configuration, layered over the built-in one.
pub fn load_theme(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, ThemeFile> = BTreeMap::new();
    let mut i18n = Vec::new();
    for f in theme_layers(root, config)?.into_iter().flatten() {
        if f.rel.starts_with("i18n/") {
            i18n.push(f);
        } else {
            files.insert(f.rel.clone(), f);
        }
    }
    let mut theme = Theme::default();
    let mut errors = Vec::new();
    for (rel, f) in files {
        if let Some(name) = rel.strip_prefix("templates/") {
            match f.bytes().map(String::from_utf8) {
                Ok(Ok(text)) => {
                    theme.templates.insert(name.to_string(), (text, f.origin));
                }
                _ => errors.push(Diagnostic::error(
                    Code::ThemeMissing,
                    &f.origin,
                    Text::new(
                        "模板无法读取或不是 UTF-8",
                        "template cannot be read or is not UTF-8",
                    ),
                )),
            }
        } else if let Some(s) = rel.strip_prefix("static/") {
            theme.statics.insert(s.to_string(), f.source);
        } else if rel == "wechat.css" {
            match f.bytes().map(String::from_utf8) {
                Ok(Ok(text)) => theme.wechat_css = Some((text, f.origin)),
                _ => errors.push(Diagnostic::error(
                    Code::ThemeMissing,
                    &f.origin,
                    Text::new(
                        "wechat.css 无法读取或不是 UTF-8",
                        "wechat.css cannot be read or is not UTF-8",
                    ),
                )),
            }
        }
    }
    for f in walk(&root.join("static"), "static") {
        theme.statics.insert(f.rel, f.source);
    }
    theme.strings = read_strings(&i18n, config.language, &mut errors);
    if errors.is_empty() {
        Ok(theme)
    } else {
        Err(errors)
    }
}

/// The theme's files, layer by layer: the built-in theme, then the portal's
/// `themes/<name>/` (whose files win).
fn theme_layers(root: &Path, config: &Config) -> Result<Vec<Vec<ThemeFile>>, Vec<Diagnostic>> {
    let built_in = embedded::FILES
        .iter()
        .map(|(rel, bytes)| ThemeFile {
            rel: rel.to_string(),
            origin: format!("(built-in) themes/default/{rel}"),
            source: StaticSource::Embedded(bytes),
        })
        .collect();
    let dir = root.join("themes").join(&config.theme);
    if !dir.is_dir() && config.theme != "default" {
        return Err(vec![
            Diagnostic::error(
                Code::ThemeMissing,
                "site.yaml",
                text!(
                    "找不到主题文件夹 themes/{}",
                    "theme folder themes/{} does not exist",
                    config.theme
                ),
            )
            .field("theme"),
        ]);
    }
    Ok(vec![
        built_in,
        walk(&dir, &format!("themes/{}", config.theme)),
    ])
}

/// UI strings for `lang`, merged key by key over the layers: zh-CN first,
/// then (for an English site) English on top, so a missing key falls back.
fn read_strings(
    files: &[ThemeFile],
    lang: Lang,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut zh = BTreeMap::new();
    let mut en = BTreeMap::new();
    for f in files {
        let Some(name) = f
            .rel
            .strip_prefix("i18n/")
            .and_then(|n| n.strip_suffix(".yaml"))
        else {
            continue;
        };
        let text = f
            .bytes()
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        match crate::yaml::from_yaml::<BTreeMap<String, String>>(
            Code::ThemeMissing,
            &f.origin,
            &text,
            &text,
        ) {
            Ok(map) if name == "en" => en.extend(map),
            Ok(map) => zh.extend(map),
            Err(d) => errors.push(d),
        }
    }
    if lang == Lang::En {
        zh.extend(en);
    }
    zh
}

fn walk(dir: &Path, display: &str) -> Vec<ThemeFile> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            ThemeFile {
                origin: format!("{display}/{rel}"),
                rel,
                source: StaticSource::Disk(e.path().to_path_buf()),
            }
        })
        .collect()
}
