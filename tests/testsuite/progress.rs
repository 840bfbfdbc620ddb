//! The progress line of long builds: drawn on a terminal only, never into
//! a pipe or with `--quiet`.

use std::process::Command;

use crate::common::{copy_fixture, text};

#[test]
fn a_build_into_a_pipe_prints_only_its_summary() {
    let portal = copy_fixture("basic");
    // Even a progress line due at once stays away from a pipe.
    let out = crate::common::run_env(
        portal.path(),
        &["build"],
        &[("BRANCHPRESS_PROGRESS_AFTER_MS", "0")],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "stderr of a piped build"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "one summary line: {stdout}");
    assert!(stdout.starts_with("已生成"), "{stdout}");
}

/// Runs `branchpress ARGS` in `dir` on a pseudo-terminal (util-linux
/// `script`), the progress line due at once; None where `script` is missing.
fn on_terminal(dir: &std::path::Path, args: &str) -> Option<String> {
    let bin = env!("CARGO_BIN_EXE_branchpress");
    let out = Command::new("script")
        .args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .current_dir(dir)
        .env("BRANCHPRESS_PROGRESS_AFTER_MS", "0")
        .output()
        .ok()?;
    assert!(out.status.success(), "{}", text(&out));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_build_on_a_terminal_shows_its_stages_then_clears_them() {
    let portal = copy_fixture("basic");
    let Some(shown) = on_terminal(portal.path(), "build") else {
        eprintln!("skipped: no `script` to make a terminal");
        return;
    };
    assert!(
        ["读取并检查内容", "生成页面", "复制文件", "完成"]
            .iter()
            .any(|stage| shown.contains(stage)),
        "no stage shown: {shown:?}"
    );
    // The line is erased (`ESC [2K`) before the summary, which stays.
    let summary = shown.rfind("已生成").expect("summary line");
    let cleared = shown.rfind("\u{1b}[2K").expect("progress line cleared");
    assert!(cleared < summary, "{shown:?}");

    let quiet = on_terminal(portal.path(), "build --quiet").expect("script ran before");
    assert_eq!(quiet.trim(), "", "--quiet on a terminal: {quiet:?}");
}
