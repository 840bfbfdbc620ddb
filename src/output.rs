//! Write stage: everything is written into a staging folder beside the
//! output folder, then swapped in with renames, so that a failed build
//! leaves the last good site untouched and stale files disappear.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::theme::StaticSource;

/// A staging folder that becomes the output folder on [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

/// Refuses an output folder that would overwrite the portal's own files.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<()> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Canonicalize the deepest existing ancestor, keep the rest lexically.
        let mut existing = p.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut out = existing
            .canonicalize()
            .unwrap_or_else(|_| existing.to_path_buf());
        out.extend(rest.iter().rev());
        out
    };
    let (root, output) = (abs(root), abs(output));
    let sources = [
        root.join("content"),
        root.join("themes"),
        root.join("static"),
    ];
    if let Some(inside) = sources.iter().find(|s| output.starts_with(s)) {
        bail!(
            "输出文件夹 {} 位于门户的源文件夹 {} 之内；请换一个，例如 public/\n(the output folder lies inside the portal's sources; choose another, e.g. public/)",
            output.display(),
            inside.display()
        );
    }
    for protected in std::iter::once(root.clone()).chain(sources) {
        if protected.starts_with(&output) {
            bail!(
                "输出文件夹 {} 会覆盖门户自身的文件（{}）；请换一个，例如 public/\n(the output folder would overwrite the portal's own files; choose another, e.g. public/)",
                output.display(),
                protected.display()
            );
        }
    }
    Ok(())
}

impl Staging {
    /// Creates an empty staging folder beside `output`.
    pub fn new(output: &Path) -> Result<Staging> {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
        })
    }

    fn target(&self, rel: &str) -> Result<PathBuf> {
        let path = Path::new(rel);
        if path.is_absolute()
            || path
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            bail!("refusing to write outside the output folder: {rel}");
        }
        Ok(self.dir.join(path))
    }

    /// Creates folders (relative to the output) ahead of writing into them,
    /// so that writers do not each probe the whole path.
    pub fn create_dirs<'a>(&self, rels: impl Iterator<Item = &'a str>) -> Result<()> {
        let mut dirs: Vec<&str> = rels.filter(|r| !r.is_empty()).collect();
        dirs.sort_unstable();
        dirs.dedup();
        for rel in dirs {
            let path = self.target(rel.trim_end_matches('/'))?;
            match std::fs::create_dir(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(_) => std::fs::create_dir_all(&path)
                    .with_context(|| format!("cannot create {}", path.display()))?,
            }
        }
        Ok(())
    }

    /// Writes a file at `rel` (e.g. `branches/imaging/index.html`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.target(rel)?;
        match std::fs::write(&path, bytes) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("cannot create {}", parent.display()))?;
                }
                std::fs::write(&path, bytes)
                    .with_context(|| format!("cannot write {}", path.display()))
            }
            Err(e) => Err(e).with_context(|| format!("cannot write {}", path.display())),
        }
    }

    /// Copies a file from disk to `rel`.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<()> {
        let path = self.target(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::copy(from, &path)
            .with_context(|| format!("cannot copy {} to {}", from.display(), path.display()))?;
        Ok(())
    }

    /// Writes a theme static file.
    pub fn write_static(&self, rel: &str, source: &StaticSource) -> Result<()> {
        match source {
            StaticSource::Embedded(bytes) => self.write(rel, bytes),
            StaticSource::Disk(path) => self.copy(path, rel),
        }
    }

    /// Swaps the staging folder in for the output folder.
    pub fn commit(mut self) -> Result<()> {
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            self.output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_output = self.output.exists();
        if had_output {
            if !self.output.is_dir() {
                bail!("{} exists and is not a folder", self.output.display());
            }
            std::fs::rename(&self.output, &old)
                .with_context(|| format!("cannot move {} aside", self.output.display()))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            if had_output {
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(e).with_context(|| {
                format!("cannot move the new site into {}", self.output.display())
            });
        }
        self.committed = true;
        if had_output {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove the old site at {}", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests;
