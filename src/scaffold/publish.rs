//! The publishing recipes `init` writes beside site.yaml, outside content/:
//! a GitHub Actions workflow (GitHub Pages), a GitLab CI file (GitLab Pages)
//! and a shell script for any static host (rsync) or Gitee Pages. Each
//! installs the version of branchpress that wrote it through one shared
//! script, scripts/install-branchpress.sh: a prebuilt release checked
//! against its SHA256SUMS when `BRANCHPRESS_RELEASES` is set, else `cargo
//! install`.

use std::path::PathBuf;

/// Replaced by the version of the running binary when the files are written.
const VERSION: &str = "{branchpress_version}";

const GITHUB: &str = include_str!("publish/github.yml");
const GITLAB: &str = include_str!("publish/gitlab-ci.yml");
const SCRIPT: &str = include_str!("publish/publish.sh");
const INSTALLER: &str = include_str!("publish/install-branchpress.sh");

/// The shell script, which `init` makes executable.
pub const SCRIPT_PATH: &str = "scripts/publish.sh";
/// The installer every recipe runs with `sh`.
const INSTALLER_PATH: &str = "scripts/install-branchpress.sh";

/// The publishing files with `version` filled in, as (path under the portal, text).
pub fn publish_files(version: &str) -> Vec<(PathBuf, String)> {
    [
        (".github/workflows/publish.yml", GITHUB),
        (".gitlab-ci.yml", GITLAB),
        (SCRIPT_PATH, SCRIPT),
        (INSTALLER_PATH, INSTALLER),
    ]
    .into_iter()
    .map(|(rel, text)| (rel.into(), text.replace(VERSION, version)))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_file_gets_the_version_and_installs_through_the_installer() {
        for (rel, text) in publish_files("9.8.7") {
            assert!(!text.contains(VERSION), "{}", rel.display());
            assert!(text.contains("9.8.7"), "{}", rel.display());
            assert!(text.contains("BRANCHPRESS_RELEASES"), "{}", rel.display());
            if rel != Path::new(INSTALLER_PATH) {
                assert!(text.contains(INSTALLER_PATH), "{}", rel.display());
            }
        }
        assert!(INSTALLER.contains("cargo install --locked"));
        assert!(INSTALLER.contains("SHA256SUMS"));
    }
}
