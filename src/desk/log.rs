//! serve's log of what the desk wrote: one line on the terminal (stderr,
//! beside serve's own reports) for every save, photo upload, publish,
//! `.gitignore` written, approval and return, with the time, the files and
//! who did it, as the writer gave their name (the desk sends the remembered publishing name
//! with every write; nothing vouches for it).

use std::io::Write as _;

use crate::error::Lang;

/// The longest name shown.
const MAX_WHO: usize = 40;

/// What was done.
#[derive(Clone, Copy, Debug)]
pub enum Action {
    /// A story saved.
    Save,
    /// A photo stored.
    Upload,
    /// Files committed and pushed.
    Publish,
    /// The `.gitignore` written.
    Ignore,
    /// A review stage's approval recorded in a story.
    Approve,
    /// A story returned to its writer with a reviewer's note.
    Return,
}

/// The line for `action` on `files` by `who` at `time`, in `lang`.
pub fn line(lang: Lang, time: &str, action: Action, files: &[String], who: Option<&str>) -> String {
    // A name typed in a browser reaches a terminal: no control characters
    // (an escape sequence could rewrite what the terminal shows).
    let who: Option<String> = who
        .map(|w| {
            w.chars()
                .filter(|c| !c.is_control())
                .take(MAX_WHO)
                .collect::<String>()
        })
        .filter(|w| !w.trim().is_empty());
    let files: Vec<String> = files
        .iter()
        .map(|f| f.chars().filter(|c| !c.is_control()).collect())
        .collect();
    match lang {
        Lang::ZhCn => {
            let what = match action {
                Action::Save => "保存",
                Action::Upload => "上传照片",
                Action::Publish => "发布",
                Action::Ignore => "写入",
                Action::Approve => "记录审核通过",
                Action::Return => "退回稿件",
            };
            let who = who.map_or("未署名".to_string(), |w| format!("由 {w}"));
            format!("[{time}] 写作台{what}：{}（{who}）", files.join("、"))
        }
        Lang::En => {
            let what = match action {
                Action::Save => "saved",
                Action::Upload => "photo uploaded",
                Action::Publish => "published",
                Action::Ignore => "wrote",
                Action::Approve => "approval recorded",
                Action::Return => "returned to its writer",
            };
            let who = who.map_or("no name given".to_string(), |w| format!("by {w}"));
            format!("[{time}] desk {what}: {} ({who})", files.join(", "))
        }
    }
}

/// Prints the line for `action` now.
pub fn record(lang: Lang, action: Action, files: &[String], who: Option<&str>) {
    let now = jiff::ZonedDateTime::now()
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string();
    let text = line(lang, &now, action, files, who);
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_names_time_action_files_and_who_without_control_characters() {
        let files = ["content/a/index.md".to_string()];
        let zh = line(
            Lang::ZhCn,
            "2026-12-06 19:30:00",
            Action::Save,
            &files,
            Some("张\u{1b}[2J三"),
        );
        assert_eq!(
            zh,
            "[2026-12-06 19:30:00] 写作台保存：content/a/index.md（由 张[2J三）"
        );
        let en = line(Lang::En, "t", Action::Publish, &files, None);
        assert_eq!(en, "[t] desk published: content/a/index.md (no name given)");
    }
}
