//! "复制到公众号": a story's fragment for the WeChat official account's
//! editor ([`crate::wechat`]) as JSON, for the preview's button (a saved
//! story, by `serve`) and the desk's (the form as it is now).

use serde_json::{Value, json};

use super::call::{Answer, Call};
use super::served::{self, Shared};
use super::story;
use crate::error::{Diagnostic, Lang};
use crate::model::{Site, Story};
use crate::theme::Theme;
use crate::wechat::{Images, Options, fragment, refusal};

/// The fragment of `story` as `{html, text, warnings}`, or a refusal
/// (a draft) as `{error, hint}` with 422. A story that waits for review
/// is made marked 待审核, as `wechat --unreviewed` makes it.
pub fn answer(site: &Site, theme: &Theme, story: &Story, lang: Lang) -> Answer {
    if let Some(d) = refusal(site, story, true) {
        return (422, refused(&d, lang));
    }
    let options = Options {
        images: Images::Public,
        unreviewed: true,
    };
    let made = fragment(site, theme, story, &options);
    let warnings: Vec<Value> = made.warnings.iter().map(|w| message(w, lang)).collect();
    (
        200,
        json!({ "html": made.html, "text": made.text, "warnings": warnings }),
    )
}

/// A diagnostic as the writer reads it: its message and hint.
fn message(d: &Diagnostic, lang: Lang) -> Value {
    json!({
        "message": d.message.get(lang),
        "hint": d.hint.as_ref().map(|h| h.get(lang)),
    })
}

fn refused(d: &Diagnostic, lang: Lang) -> Value {
    json!({
        "error": d.message.get(lang),
        "hint": d.hint.as_ref().map(|h| h.get(lang)),
    })
}

/// The answer while the site has never loaded.
pub fn not_loaded(lang: Lang) -> Answer {
    let error = match lang {
        Lang::ZhCn => "网站还没有成功生成过：先改正错误",
        Lang::En => "the site has not built yet: fix its errors first",
    };
    (503, json!({ "error": error }))
}

/// The desk's call: the fragment of the story in the form, from its text
/// as it is now (saved or not).
pub fn copy(dev: &Shared, call: &Call) -> Result<Value, Answer> {
    let (story, lang) = {
        let dev = served::read(dev);
        (story::checked(&*dev, call)?, dev.lang())
    };
    let mut out = None;
    served::write(dev).published(&mut |site, theme| {
        out = Some(answer(site, theme, &story, lang));
    });
    match out {
        Some((200, v)) => Ok(v),
        Some(failed) => Err(failed),
        None => Err(not_loaded(lang)),
    }
}
