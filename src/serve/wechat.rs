//! The preview's "复制到公众号": a saved story's fragment for the WeChat
//! official account's editor, as JSON, at [`WECHAT_PATH`]. Read-only; the
//! story is found only among the site's stories by its source path, never
//! opened by a path from the request.

use serde_json::json;

use super::state::Dev;
use crate::error::{Lang, slash};

/// The URL path of the fragment of one story (`?path=` its source file).
pub const WECHAT_PATH: &str = "/__branchpress/wechat";

impl Dev {
    /// The fragment of the story whose source file is `source`
    /// (`content/branches/…`, slashes): status and JSON.
    pub(super) fn wechat(&mut self, source: &str) -> (u16, serde_json::Value) {
        let lang = self.lang;
        let mut out = None;
        let loaded = crate::desk::ServedSite::published(self, &mut |site, theme| {
            out = Some(
                match site.stories.iter().find(|s| slash(&s.source) == source) {
                    Some(story) => crate::desk::wechat_answer(site, theme, story, lang),
                    None => (404, json!({ "error": no_such_story(lang) })),
                },
            );
        });
        match out {
            Some(answer) if loaded => answer,
            _ => crate::desk::wechat_not_loaded(lang),
        }
    }
}

fn no_such_story(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => "找不到这篇稿件",
        Lang::En => "no such story",
    }
}
