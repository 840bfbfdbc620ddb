//! Shortcodes (part of the model stage, while bodies are rendered): a line
//! `{{ figure(src="clinic.jpg", caption="义诊现场") }}` standing as a
//! paragraph of its own becomes HTML built here. Arguments are `key=value`
//! with double-quoted strings, numbers, `true`/`false` or arrays of strings.
//! This module parses calls and checks their arguments; [`html`] writes the
//! HTML from what the model resolves (photos, videos).

pub mod html;

use crate::error::Text;
use crate::text::text;

/// A parsed shortcode call.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// `figure`, `gallery`, `video`, `stat`.
    pub name: String,
    /// Arguments in the order written.
    pub args: Vec<(String, Arg)>,
}

/// An argument value.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// `"text"`
    Str(String),
    /// `300` or `1.5`, as written.
    Num(String),
    /// `true` or `false`
    Bool(bool),
    /// `["a.jpg", "b.jpg"]`
    List(Vec<String>),
}

/// What is wrong with a shortcode, and what is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShortcodeError {
    /// What is wrong.
    pub message: Text,
    /// What is allowed, or how to fix it.
    pub hint: Option<Text>,
}

impl ShortcodeError {
    /// An error with a hint.
    pub fn new(message: Text, hint: Text) -> ShortcodeError {
        ShortcodeError {
            message,
            hint: Some(hint),
        }
    }
}

/// The type an argument takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Str,
    /// A string or a number.
    Text,
    List,
}

/// (name, arguments: (key, type, required), example).
type Spec = (
    &'static str,
    &'static [(&'static str, Kind, bool)],
    &'static str,
);

/// Every shortcode with its arguments.
const SPECS: [Spec; 4] = [
    (
        "figure",
        &[
            ("src", Kind::Str, true),
            ("caption", Kind::Str, false),
            ("alt", Kind::Str, false),
        ],
        r#"{{ figure(src="clinic.jpg", caption="义诊现场", alt="医生为村民测血压") }}"#,
    ),
    (
        "gallery",
        &[("src", Kind::List, false), ("caption", Kind::Str, false)],
        r#"{{ gallery() }} 或 {{ gallery(src=["a.jpg", "b.jpg"], caption="活动剪影") }}"#,
    ),
    (
        "video",
        &[
            ("src", Kind::Str, true),
            ("poster", Kind::Str, false),
            ("caption", Kind::Str, false),
        ],
        r#"{{ video(src="clip.mp4", poster="clip.jpg", caption="活动视频") }}"#,
    ),
    (
        "stat",
        &[
            ("value", Kind::Text, true),
            ("unit", Kind::Str, false),
            ("label", Kind::Str, true),
        ],
        r#"{{ stat(value="300", unit="人次", label="服务群众") }}"#,
    ),
];

/// Whether a line is meant as a shortcode: `{{ name(` … `) }}`.
pub fn looks_like_call(line: &str) -> bool {
    let line = line.trim();
    let Some(inner) = line.strip_prefix("{{").and_then(|l| l.strip_suffix("}}")) else {
        return false;
    };
    let inner = inner.trim();
    let name_end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inner.len());
    name_end > 0 && inner[name_end..].trim_start().starts_with('(')
}

/// Parses a shortcode line and checks its arguments against the shortcode's.
pub fn parse_call(line: &str) -> Result<Call, ShortcodeError> {
    let call = parse_syntax(line).map_err(|m| ShortcodeError::new(m, syntax_hint(line)))?;
    check_args(&call)?;
    Ok(call)
}

impl Call {
    /// A string argument (numbers as written).
    pub fn text(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| match v {
                Arg::Str(s) | Arg::Num(s) => Some(s.as_str()),
                _ => None,
            })
    }

    /// A list argument.
    pub fn list(&self, key: &str) -> Option<&[String]> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| match v {
                Arg::List(l) => Some(l.as_slice()),
                _ => None,
            })
    }
}

fn syntax_hint(line: &str) -> Text {
    if line.contains(['“', '”', '，', '（', '）']) {
        return Text::new(
            "请用英文半角的引号、逗号和括号：\"…\"、, 和 ( )；中文只写在引号里面",
            "use ASCII quotes, commas and parentheses; Chinese goes inside the quotes",
        );
    }
    Text::new(
        format!("写法如：{}", SPECS[0].2),
        format!("write it like {}", SPECS[0].2),
    )
}

/// The list of shortcodes for hints.
fn all_names() -> String {
    SPECS.iter().map(|s| s.0).collect::<Vec<_>>().join(", ")
}

fn check_args(call: &Call) -> Result<(), ShortcodeError> {
    let Some((name, params, example)) = SPECS.iter().find(|s| s.0 == call.name) else {
        return Err(ShortcodeError::new(
            text!("未知的短代码“{}”", "unknown shortcode \"{}\"", call.name),
            text!(
                "可用的短代码：{}（如 {}）",
                "available shortcodes: {} (e.g. {})",
                all_names(),
                SPECS[0].2
            ),
        ));
    };
    let allowed = || {
        let keys: Vec<&str> = params.iter().map(|p| p.0).collect();
        text!(
            "{} 的参数：{}；写法如：{}",
            "arguments of {}: {}; e.g. {}",
            name,
            keys.join(", "),
            example
        )
    };
    for (i, (key, value)) in call.args.iter().enumerate() {
        let Some(&(_, kind, _)) = params.iter().find(|p| p.0 == key) else {
            return Err(ShortcodeError::new(
                text!("{} 没有参数“{}”", "{} has no argument \"{}\"", name, key),
                allowed(),
            ));
        };
        if call.args[..i].iter().any(|(k, _)| k == key) {
            return Err(ShortcodeError::new(
                text!("参数“{}”写了两次", "argument \"{}\" is given twice", key),
                allowed(),
            ));
        }
        let fits = matches!(
            (kind, value),
            (Kind::Str, Arg::Str(_))
                | (Kind::Text, Arg::Str(_) | Arg::Num(_))
                | (Kind::List, Arg::List(_))
        );
        if !fits {
            let hint = match kind {
                Kind::Str | Kind::Text => text!(
                    "{} 应为带英文双引号的文字，如 \"义诊现场\"",
                    "{} should be a quoted string, e.g. \"clinic\"",
                    key
                ),
                Kind::List => text!(
                    "{} 应为文件名列表，如 [\"a.jpg\", \"b.jpg\"]",
                    "{} should be a list of file names, e.g. [\"a.jpg\", \"b.jpg\"]",
                    key
                ),
            };
            return Err(ShortcodeError::new(
                text!(
                    "参数“{}”的类型不对",
                    "argument \"{}\" has the wrong type",
                    key
                ),
                hint,
            ));
        }
    }
    if let Some((key, _, _)) = params
        .iter()
        .find(|(k, _, required)| *required && !call.args.iter().any(|(a, _)| a == k))
    {
        return Err(ShortcodeError::new(
            text!(
                "{} 缺少参数“{}”",
                "{} is missing argument \"{}\"",
                name,
                key
            ),
            allowed(),
        ));
    }
    Ok(())
}

/// Parses `{{ name(key=value, …) }}` without checking names or arguments.
fn parse_syntax(line: &str) -> Result<Call, Text> {
    let bad = || Text::new("短代码写法有误", "malformed shortcode");
    let inner = line
        .trim()
        .strip_prefix("{{")
        .and_then(|l| l.strip_suffix("}}"))
        .ok_or_else(bad)?
        .trim();
    let open = inner.find('(').ok_or_else(bad)?;
    let name = inner[..open].trim().to_string();
    let args = inner[open + 1..]
        .trim_end()
        .strip_suffix(')')
        .ok_or_else(|| {
            Text::new(
                "短代码缺少右括号“)”",
                "the shortcode's closing \")\" is missing",
            )
        })?;
    let mut p = Cursor { rest: args };
    let mut out = Vec::new();
    loop {
        p.skip_space();
        if p.rest.is_empty() {
            break;
        }
        let key = p
            .ident()
            .ok_or_else(|| text!("参数名有误：“{}”", "bad argument name at \"{}\"", p.rest))?;
        p.skip_space();
        if !p.eat('=') {
            return Err(text!("参数“{}”后应有 =", "expected = after \"{}\"", key));
        }
        p.skip_space();
        let value = p.value().map_err(|(zh, en)| {
            Text::new(
                format!("参数“{key}”的值有误：{zh}"),
                format!("bad value of \"{key}\": {en}"),
            )
        })?;
        out.push((key, value));
        p.skip_space();
        if !p.eat(',') && !p.rest.is_empty() {
            return Err(text!(
                "参数之间应以英文逗号分隔：“{}”",
                "arguments must be separated by commas: \"{}\"",
                p.rest
            ));
        }
    }
    Ok(Call { name, args: out })
}

/// A message in both languages: (zh-CN, en).
type Words = (&'static str, &'static str);

/// A small scanner over the argument list.
struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn skip_space(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(r) => {
                self.rest = r;
                true
            }
            None => false,
        }
    }

    fn ident(&mut self) -> Option<String> {
        let end = self
            .rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(self.rest.len());
        if end == 0 {
            return None;
        }
        let (id, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(id.to_string())
    }

    fn value(&mut self) -> Result<Arg, Words> {
        if self.rest.starts_with('"') {
            return self.string().map(Arg::Str);
        }
        if self.eat('[') {
            let mut items = Vec::new();
            loop {
                self.skip_space();
                if self.eat(']') {
                    return Ok(Arg::List(items));
                }
                items.push(self.string()?);
                self.skip_space();
                if !self.eat(',') && !self.rest.starts_with(']') {
                    return Err(("列表项之间应以逗号分隔", "list items need commas"));
                }
            }
        }
        let end = self.rest.find([',', ' ', ')']).unwrap_or(self.rest.len());
        let (word, rest) = self.rest.split_at(end);
        let value = match word {
            "true" => Arg::Bool(true),
            "false" => Arg::Bool(false),
            w if !w.is_empty() && w.parse::<f64>().is_ok() => Arg::Num(w.to_string()),
            _ => return Err(("文字须加英文双引号", "text needs double quotes")),
        };
        self.rest = rest;
        Ok(value)
    }

    fn string(&mut self) -> Result<String, Words> {
        let body = self
            .rest
            .strip_prefix('"')
            .ok_or(("应为带引号的文字", "expected a quoted string"))?;
        let mut out = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.rest = &body[i + 1..];
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, c)) => out.push(c),
                    None => break,
                },
                c => out.push(c),
            }
        }
        Err(("引号没有闭合", "unclosed quote"))
    }
}

#[cfg(test)]
mod tests;
