//! Diagnostics: errors and warnings that point at a place in a source file,
//! written in both zh-CN and English and printed in the reader's language.
//! Every stage reports through these types; none of them stops at the first.

use std::fmt;
use std::path::{Path, PathBuf};

mod codes;

pub use crate::text::{Lang, Text};
pub use codes::{Code, Severity};

impl Text {
    /// The message with any personal data in it masked: a message may
    /// quote the text it is about, and a CI log has more readers than the file.
    pub fn masked(self) -> Text {
        Text {
            zh: crate::personal_data::masked_line(&self.zh),
            en: crate::personal_data::masked_line(&self.en),
        }
    }
}

/// One problem, with the place it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The kind of problem, stable across versions.
    pub code: Code,
    /// The file, relative to the portal root when it lies inside it.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// The front-matter field concerned, dotted (`metrics.participants`).
    pub field: Option<String>,
    /// What is wrong.
    pub message: Text,
    /// What is allowed, or how to fix it.
    pub hint: Option<Text>,
    /// The source line the problem is on, shown under the message.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// An error about `path` as a whole.
    pub fn error(code: Code, path: impl Into<PathBuf>, message: Text) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            path: path.into(),
            line: 0,
            column: 0,
            field: None,
            message: message.masked(),
            hint: None,
            snippet: None,
        }
    }

    /// A warning about `path` as a whole.
    pub fn warning(code: Code, path: impl Into<PathBuf>, message: Text) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }

    /// Sets the position.
    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = line;
        self.column = column;
        self
    }

    /// Sets the field concerned.
    pub fn field(mut self, field: impl Into<String>) -> Diagnostic {
        self.field = Some(field.into());
        self
    }

    /// Sets what is allowed.
    pub fn hint(mut self, hint: Text) -> Diagnostic {
        self.hint = Some(hint.masked());
        self
    }

    /// Sets the source line shown under the message, with any personal
    /// data in it masked (a CI log has more readers than the file).
    pub fn snippet(mut self, line: impl Into<String>) -> Diagnostic {
        self.snippet = Some(crate::personal_data::masked_line(&line.into()));
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic for a terminal, rustc-style.
    pub fn render(&self, lang: Lang) -> String {
        let label = match (self.severity, lang) {
            (Severity::Error, Lang::ZhCn) => "错误",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::ZhCn) => "警告",
            (Severity::Warning, Lang::En) => "warning",
        };
        let mut out = format!(
            "{label}[{}]: {}\n  --> {}",
            self.code,
            self.message.get(lang),
            self.location()
        );
        if let Some(field) = &self.field {
            let name = if lang == Lang::ZhCn {
                "字段"
            } else {
                "field"
            };
            out.push_str(&format!("  ({name} `{field}`)"));
        }
        out.push('\n');
        if let (Some(snippet), true) = (&self.snippet, self.line > 0) {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            // A pasted megabyte on one line is shown by its start.
            let shown: String = snippet.chars().take(SNIPPET_CHARS).collect();
            let cut = if shown.len() < snippet.len() {
                " …"
            } else {
                ""
            };
            out.push_str(&format!("   {pad}|\n   {number}| {shown}{cut}\n"));
            if self.column > 0 && self.column <= SNIPPET_CHARS {
                let indent = crate::han::display_width(snippet.chars().take(self.column - 1));
                out.push_str(&format!("   {pad}| {}^\n", " ".repeat(indent)));
            }
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("   = {}\n", hint.get(lang)));
        }
        out
    }

    /// The diagnostic as a GitHub Actions workflow command
    /// (`::error file=…,line=…,col=…,title=…::message`), which GitHub shows
    /// on the line of the file in the pull request.
    pub fn github_annotation(&self, lang: Lang) -> String {
        let level = if self.is_error() { "error" } else { "warning" };
        let mut props = vec![format!("file={}", escape_property(&slash(&self.path)))];
        if self.line > 0 {
            props.push(format!("line={}", self.line));
        }
        if self.column > 0 {
            props.push(format!("col={}", self.column));
        }
        let title = match &self.field {
            Some(field) => format!("branchpress {}: {field}", self.code),
            None => format!("branchpress {}", self.code),
        };
        props.push(format!("title={}", escape_property(&title)));
        let mut message = self.message.get(lang).to_string();
        if let Some(hint) = &self.hint {
            message.push('\n');
            message.push_str(hint.get(lang));
        }
        format!("::{level} {}::{}", props.join(","), escape_data(&message))
    }

    /// The diagnostic as one line of JSON, for CI tools and editors: file,
    /// line, column (0 when unknown), severity, code, field, message and
    /// hint in `lang`.
    pub fn to_json(&self, lang: Lang) -> String {
        let value = serde_json::json!({
            "file": slash(&self.path),
            "line": self.line,
            "column": self.column,
            "severity": if self.is_error() { "error" } else { "warning" },
            "code": self.code.to_string(),
            "field": self.field,
            "message": self.message.get(lang),
            "hint": self.hint.as_ref().map(|h| h.get(lang)),
        });
        value.to_string()
    }

    /// `path:line:col` (or less when unknown).
    pub fn location(&self) -> String {
        let path = slash(&self.path);
        match (self.line, self.column) {
            (0, _) => path,
            (l, 0) => format!("{path}:{l}"),
            (l, c) => format!("{path}:{l}:{c}"),
        }
    }
}

/// A path with `/` between its parts on every system: what messages, JSON,
/// annotations and URLs show (on Windows, `Path::join` puts `\` between
/// the parts it joins).
pub fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The error a run ends with when its input has problems: all of them, sorted.
#[derive(Debug)]
pub struct Failed {
    /// Every error and warning of the run, sorted by path and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The language to print them in.
    pub lang: Lang,
}

impl Failed {
    /// Sorts and wraps the diagnostics of a failed run.
    pub fn new(mut diagnostics: Vec<Diagnostic>, lang: Lang) -> Failed {
        sort_diagnostics(&mut diagnostics);
        Failed { diagnostics, lang }
    }

    /// Number of errors (not warnings).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let github = github_actions();
        for d in &self.diagnostics {
            writeln!(f, "{}", d.render(self.lang))?;
            if github {
                writeln!(f, "{}", d.github_annotation(self.lang))?;
            }
        }
        let n = self.error_count();
        match self.lang {
            Lang::ZhCn => write!(f, "共 {n} 个错误；没有写入任何文件。"),
            Lang::En => write!(f, "{n} error(s); nothing was written."),
        }
    }
}

impl std::error::Error for Failed {}

/// Characters of a source line shown under a message.
pub const SNIPPET_CHARS: usize = 160;

thread_local! {
    /// The file this thread is working on, for the report of a crash.
    static PROCESSING: std::cell::RefCell<Option<PathBuf>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` as the processing of `path`: should it panic, the crash report
/// names the file (see [`install_panic_report`]).
pub fn processing<T>(path: &Path, f: impl FnOnce() -> T) -> T {
    let previous = PROCESSING.with(|p| p.replace(Some(path.to_path_buf())));
    // Fault injection for the crash-report test: panic on a chosen file.
    // Only in builds with the `fault-injection` feature, which the tests
    // enable and release builds lack.
    #[cfg(feature = "fault-injection")]
    if let Some(needle) = std::env::var_os("BRANCHPRESS_TEST_PANIC")
        && path.to_string_lossy().contains(&*needle.to_string_lossy())
    {
        panic!("BRANCHPRESS_TEST_PANIC");
    }
    let out = f();
    PROCESSING.with(|p| *p.borrow_mut() = previous);
    out
}

/// Reports a panic as an internal error naming the file being processed
/// (on the thread that panicked), in both languages.
pub fn install_panic_report() {
    std::panic::set_hook(Box::new(|info| {
        let file = PROCESSING
            .with(|p| p.borrow().clone())
            .map_or_else(|| "?".to_string(), |p| p.display().to_string());
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        eprintln!(
            "内部错误：处理 {file} 时 branchpress 崩溃了：{message}{at}\n\
             internal error: branchpress crashed while processing {file}: {message}{at}\n\
             请把这段信息和该文件一起报告给维护者 / please report this together with that file"
        );
    }));
}

/// Warnings of one code a run prints before it folds the rest into one line.
pub const SHOWN_PER_CODE: usize = 10;

/// Warnings as a run prints them: the first [`SHOWN_PER_CODE`] of each code
/// in order, then, per code with more, how many were left out (a large
/// portal's 400 over-long titles must not bury everything else). Errors are
/// never folded: pass only warnings.
pub fn fold_warnings(warnings: &[Diagnostic]) -> (Vec<&Diagnostic>, Vec<(Code, usize)>) {
    let mut seen: std::collections::BTreeMap<Code, usize> = std::collections::BTreeMap::new();
    let mut shown = Vec::new();
    for w in warnings {
        let n = seen.entry(w.code).or_default();
        *n += 1;
        if *n <= SHOWN_PER_CODE || w.is_error() {
            shown.push(w);
        }
    }
    let folded = (seen.into_iter())
        .filter(|(_, n)| *n > SHOWN_PER_CODE)
        .map(|(code, n)| (code, n - SHOWN_PER_CODE))
        .collect();
    (shown, folded)
}

/// The line that stands for the warnings of `code` left out.
pub fn folded_line(code: Code, more: usize, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!(
            "…… 另有 {more} 个 {code} 警告未显示（每种只显示前 {SHOWN_PER_CODE} 个）；运行 branchpress check --format json 可列出全部"
        ),
        Lang::En => format!(
            "… and {more} more {code} warnings (the first {SHOWN_PER_CODE} of each code are shown); branchpress check --format json lists them all"
        ),
    }
}

/// Whether to print GitHub Actions annotations too (`GITHUB_ACTIONS=true`,
/// which GitHub sets in every workflow run).
pub fn github_actions() -> bool {
    std::env::var_os("GITHUB_ACTIONS").is_some_and(|v| v == "true")
}

/// Escapes the message of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property of a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Sorts diagnostics by path, line, column and message, and drops duplicates.
pub fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message.en).cmp(&(&b.path, b.line, b.column, &b.message.en))
    });
    diagnostics.dedup();
}

/// Makes `path` relative to `root` for display, when it lies inside it.
pub fn relative_to(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::text;

    #[test]
    fn renders_position_snippet_and_hint() {
        let d = Diagnostic::error(
            Code::FieldValue,
            "content/a.md",
            text!("值“{}”不允许", "value \"{}\" is not allowed", "国家"),
        )
        .at(5, 8)
        .field("level")
        .snippet("level: 国家")
        .hint(Text::new("允许的值：国家级", "allowed: 国家级"));
        let zh = d.render(Lang::ZhCn);
        assert!(
            zh.starts_with("错误[BP0303]: 值“国家”不允许\n  --> content/a.md:5:8  (字段 `level`)")
        );
        assert!(zh.contains("5| level: 国家\n"));
        assert!(zh.contains("|        ^\n"));
        assert!(d.render(Lang::En).contains("= allowed: 国家级"));
    }

    #[test]
    fn github_annotations_escape_what_github_parses() {
        let d = Diagnostic::error(
            Code::MetricValue,
            "content/a, b.md",
            Text::new("值不对：50%", "bad value: 50%"),
        )
        .at(3, 7)
        .field("metrics.participants")
        .hint(Text::new("写数字", "write a number"));
        assert_eq!(
            d.github_annotation(Lang::ZhCn),
            "::error file=content/a%2C b.md,line=3,col=7,title=branchpress BP0309%3A metrics.participants::值不对：50%25%0A写数字"
        );
        let w = Diagnostic::warning(Code::BuildDate, "site.yaml", Text::new("w", "w"));
        assert_eq!(
            w.github_annotation(Lang::En),
            "::warning file=site.yaml,title=branchpress BP0105::w"
        );
    }

    #[test]
    fn json_carries_the_code_and_the_chosen_language() {
        let d = Diagnostic::warning(Code::Mobile, "content/a.md", Text::new("手机号", "mobile"))
            .at(4, 2)
            .hint(Text::new("删去", "leave it out"));
        let v: serde_json::Value = serde_json::from_str(&d.to_json(Lang::En)).unwrap();
        assert_eq!(v["code"], "BP0702");
        assert_eq!(v["severity"], "warning");
        assert_eq!(
            (v["line"].as_u64(), v["column"].as_u64()),
            (Some(4), Some(2))
        );
        assert_eq!(
            (v["message"].as_str(), v["hint"].as_str()),
            (Some("mobile"), Some("leave it out"))
        );
        assert_eq!(v["file"], "content/a.md");
    }

    #[test]
    fn parses_language_tags() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
