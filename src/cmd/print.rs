//! What the commands print besides their output: warnings (with GitHub
//! annotations in Actions), the one-line summary, and report lines.

use std::io::Write as _;

use crate::error::Diagnostic;
use crate::pipeline::Summary;
use crate::review::State;
use crate::text::Lang;

/// Prints warnings to stderr: the first ten of each code, then one line
/// per code with more ([`crate::error::fold_warnings`]).
pub fn print_warnings(warnings: &[Diagnostic], lang: Lang) {
    let mut err = std::io::stderr().lock();
    let github = crate::error::github_actions();
    let (shown, folded) = crate::error::fold_warnings(warnings);
    for w in shown {
        let _ = writeln!(err, "{}", w.render(lang));
        if github {
            let _ = writeln!(err, "{}", w.github_annotation(lang));
        }
    }
    for (code, more) in folded {
        let _ = writeln!(err, "{}", crate::error::folded_line(code, more, lang));
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

/// The line `build` and `check` add with review configured: how many
/// stories wait for which stage. None without `review:`.
pub fn review_line(s: &Summary) -> Option<String> {
    if s.stages.is_empty() {
        return None;
    }
    let count = |stage: usize| {
        (s.pending.iter())
            .filter(|p| p.state.next_stage() == Some(stage))
            .count()
    };
    let changed = (s.pending.iter())
        .filter(|p| matches!(p.state, State::Changed(_)))
        .count();
    let waiting: Vec<(&str, usize)> = (s.stages.iter().enumerate())
        .map(|(i, name)| (name.as_str(), count(i)))
        .filter(|(_, n)| *n > 0)
        .collect();
    Some(match s.lang {
        Lang::ZhCn if waiting.is_empty() => "审核：没有待审核的稿件".to_string(),
        Lang::En if waiting.is_empty() => "Review: no story is waiting".to_string(),
        Lang::ZhCn => {
            let parts: Vec<String> = waiting
                .iter()
                .map(|(s, n)| format!("待{s} {n} 篇"))
                .collect();
            let extra = match changed {
                0 => String::new(),
                n => format!("（其中 {n} 篇审核后被修改）"),
            };
            format!("审核：{}{extra}，均未发布", parts.join("，"))
        }
        Lang::En => {
            let parts: Vec<String> = waiting
                .iter()
                .map(|(s, n)| format!("{n} waiting for {s}"))
                .collect();
            let extra = match changed {
                0 => String::new(),
                n => format!(" ({n} changed after approval)"),
            };
            format!("Review: {}{extra}, none published", parts.join(", "))
        }
    })
}

/// One line per story review holds back: its file, next stage and title.
pub fn pending_lines(s: &Summary) -> Vec<String> {
    s.pending
        .iter()
        .filter_map(|p| {
            let stage = &s.stages[p.state.next_stage()?];
            let path = p.source.display();
            Some(match (s.lang, p.state) {
                (Lang::ZhCn, State::Changed(_)) => {
                    format!("  {path}：审核后被修改，需从“{stage}”重审（{}）", p.title)
                }
                (Lang::ZhCn, _) => format!("  {path}：待{stage}（{}）", p.title),
                (Lang::En, State::Changed(_)) => {
                    format!(
                        "  {path}: changed after approval, to review again from {stage} ({})",
                        p.title
                    )
                }
                (Lang::En, _) => format!("  {path}: waiting for {stage} ({})", p.title),
            })
        })
        .collect()
}

/// Prints a line of a report; a closed pipe (`| head`) is not worth a crash.
pub fn out(line: &str) {
    let _ = writeln!(std::io::stdout(), "{line}");
}
