//! What the commands print besides their output: warnings (with GitHub
//! annotations in Actions), the one-line summary, and report lines.

use std::io::Write as _;

use crate::error::Diagnostic;
use crate::pipeline::Summary;
use crate::text::Lang;

/// Prints warnings to stderr.
pub fn print_warnings(warnings: &[Diagnostic], lang: Lang) {
    let mut err = std::io::stderr().lock();
    let github = crate::error::github_actions();
    for w in warnings {
        let _ = writeln!(err, "{}", w.render(lang));
        if github {
            let _ = writeln!(err, "{}", w.github_annotation(lang));
        }
    }
}

/// The closing line of a build or check: what it made, its warnings, its time.
pub fn summary_line(s: &Summary, verb_zh: &str, verb_en: &str) -> String {
    let ms = s.elapsed.as_millis();
    let w = s.warnings.len();
    // `check` copies no files: leave the count out rather than print 0.
    let (files_zh, files_en) = match s.files {
        0 => (String::new(), String::new()),
        n => (format!("{n} 个文件，"), format!("{n} files, ")),
    };
    match s.lang {
        Lang::ZhCn => format!(
            "{verb_zh}：{} 个支部，{} 篇稿件，{} 个页面，{files_zh}{w} 个警告，用时 {ms} 毫秒",
            s.branches, s.stories, s.pages
        ),
        Lang::En => format!(
            "{verb_en}: {} branches, {} stories, {} pages, {files_en}{w} warnings in {ms} ms",
            s.branches, s.stories, s.pages
        ),
    }
}

/// Prints a line of a report; a closed pipe (`| head`) is not worth a crash.
pub fn out(line: &str) {
    let _ = writeln!(std::io::stdout(), "{line}");
}
