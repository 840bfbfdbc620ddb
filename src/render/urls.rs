//! URLs of output paths under the configured base, which every view uses.

use crate::config::Config;

/// Turns output paths into URLs under the configured base.
pub struct Urls {
    base_path: String,
    base_url: String,
}

impl Urls {
    /// From the configuration's base URL.
    pub fn new(config: &Config) -> Urls {
        Urls {
            base_path: config.base_path().to_string(),
            base_url: config.base_url.clone(),
        }
    }

    /// Site-relative URL of an output path (`/base/branches/x/`); absolute URLs pass through.
    pub fn url(&self, path: &str) -> String {
        if path.contains("://") {
            path.to_string()
        } else {
            format!("{}{path}", self.base_path)
        }
    }

    /// Absolute URL of an output path.
    pub fn permalink(&self, path: &str) -> String {
        if path.contains("://") {
            path.to_string()
        } else {
            format!("{}{path}", self.base_url)
        }
    }
}
