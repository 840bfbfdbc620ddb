//! The desk's requests and answers: where it lives, how large a request
//! may be, one API call, and the JSON that answers or refuses it. Every
//! handler (story, files, portal, git) and the dispatcher import this file;
//! it imports none of them.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::{Lang, Text};

pub use crate::error::slash;

/// Where the desk lives.
pub const PATH: &str = "/__branchpress/desk/";

/// The largest photo accepted.
pub const MAX_PHOTO: usize = 30 * 1024 * 1024;
/// The largest JSON request (a story with its front matter).
pub const MAX_JSON: usize = 4 * 1024 * 1024;
/// The most bytes of photos one run of `serve` stores: each is at most
/// [`MAX_PHOTO`], and new stories' folders could otherwise fill a disk.
pub const MAX_UPLOADED: u64 = 2 << 30;

/// One API request.
pub struct Call<'a> {
    /// What follows `api/`.
    pub name: &'a str,
    /// POST (a write) or GET.
    pub post: bool,
    /// The query string's pairs.
    pub query: &'a [(String, String)],
    /// The body.
    pub body: &'a [u8],
}

impl Call<'_> {
    /// A query parameter, None when absent or empty.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// The `path` parameter: the first that is not empty.
    pub fn param_path(&self) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, v)| k == "path" && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// A query parameter, empty when absent.
    pub fn param_or(&self, key: &str) -> &str {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// An answer: HTTP status and JSON.
pub type Answer = (u16, Value);

/// A refusal with a message in both languages (the dispatcher keeps the
/// desk's one, [`localise`]).
pub fn fail(status: u16, message: Text) -> Answer {
    (
        status,
        json!({ "error": { "zh": message.zh, "en": message.en } }),
    )
}

/// A call's JSON body, or a refusal when it is none.
pub fn read_json(body: &[u8]) -> Result<Value, Answer> {
    serde_json::from_slice(body)
        .map_err(|_| fail(400, Text::new("请求无法读取", "unreadable request")))
}

/// A refusal's message in the desk's language.
pub fn localise(lang: Lang, mut v: Value) -> Value {
    if let Some(obj) = v.as_object_mut()
        && let Some(Value::Object(t)) = obj.get("error")
    {
        let pick = match lang {
            Lang::ZhCn => "zh",
            Lang::En => "en",
        };
        let text = t.get(pick).cloned().unwrap_or(Value::Null);
        obj.insert("error".into(), text);
    }
    v
}

/// A JSON reply, never cached.
pub fn reply(status: u16, value: &Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        value.to_string(),
    )
        .into_response()
}

/// Why the desk refuses a request before any handler sees it.
#[derive(Clone, Copy, Debug)]
pub enum Refusal {
    /// A write from another origin than the desk's page.
    Origin,
    /// An API call without the desk's token.
    Token,
    /// Anything but the login before the password.
    Login,
    /// A wrong password.
    Password,
    /// Too many wrong passwords.
    Locked,
    /// No random numbers for a session.
    Random,
    /// A body over its limit.
    TooLarge,
    /// No such address under [`PATH`].
    Missing,
}

impl Refusal {
    /// What the writer reads.
    pub fn text(self) -> Text {
        let (zh, en) = match self {
            Refusal::Origin => (
                "拒绝：写入请求必须来自本机写作台页面",
                "refused: writes must come from this server's own desk page",
            ),
            Refusal::Token => (
                "拒绝：请求没有写作台的凭据，请重新打开写作台页面",
                "refused: the request lacks the desk's token; reopen the desk page",
            ),
            Refusal::Login => (
                "请先输入终端上显示的写作台密码",
                "enter the desk password shown in the terminal first",
            ),
            Refusal::Password => ("密码不对", "wrong password"),
            Refusal::Locked => (
                "这台设备输错密码的次数太多，写作台已不再接受它登录；请在电脑上重启 branchpress serve",
                "too many wrong passwords from this device: the desk no longer lets it in; restart branchpress serve",
            ),
            Refusal::Random => (
                "系统没有提供随机数，无法建立登录；请重启电脑后再试",
                "the system gave no random numbers for a session; restart the computer and try again",
            ),
            Refusal::TooLarge => (
                "文件太大：每张照片最多 30 MB",
                "too large: each photo may be at most 30 MB",
            ),
            Refusal::Missing => ("找不到这个写作台地址", "no such desk address"),
        };
        Text::new(zh, en)
    }

    /// The HTTP status.
    pub fn status(self) -> u16 {
        match self {
            Refusal::Origin | Refusal::Token | Refusal::Password => 403,
            Refusal::Login => 401,
            Refusal::Locked => 429,
            Refusal::Random => 500,
            Refusal::TooLarge => 413,
            Refusal::Missing => 404,
        }
    }

    /// The refusal as a reply: `{"error": message}`.
    pub fn reply(self, lang: Lang) -> Response {
        reply(self.status(), &json!({ "error": self.text().get(lang) }))
    }
}
