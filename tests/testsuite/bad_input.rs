//! The bad-input suite: one fixture per kind of bad input, under
//! `tests/fixtures/bad/<case>/`. Each fixture is a `case.yaml` and a `files/`
//! folder laid over the `basic` portal after a good build. For every case,
//! `build` and `check` (in Chinese and in English) must:
//!
//! - exit with the expected status (1 for errors, 2 for an internal error),
//! - name the file and, where the input has lines, the line and column,
//! - say what is wrong and what is allowed (the `expect` texts),
//! - never panic, and leave the previous `public/` byte for byte as it was,
//!   with no staging folder left behind.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;

/// `case.yaml`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case is, in a sentence.
    #[allow(dead_code)]
    about: String,
    /// Where the error is: `path:line:col`, or a path for folders and links.
    at: String,
    /// The stable code of the diagnostic at `at` (none for a crash).
    #[serde(default)]
    code: Option<String>,
    /// Texts the Chinese messages must contain.
    #[serde(default)]
    expect: Vec<String>,
    /// Texts the English messages (`--lang en`) must contain.
    #[serde(default)]
    expect_en: Vec<String>,
    /// Texts no message may contain, in either language.
    #[serde(default)]
    absent: Vec<String>,
    /// Exit status of `build` and `check`.
    #[serde(default = "one")]
    exit: i32,
    /// Files of the portal to delete.
    #[serde(default)]
    remove: Vec<String>,
    /// Symbolic links to make: link path → target, as written.
    #[serde(default)]
    symlinks: BTreeMap<String, String>,
    /// Environment variables for the runs.
    #[serde(default)]
    env: BTreeMap<String, String>,
}

fn one() -> i32 {
    1
}

fn cases_dir() -> std::path::PathBuf {
    fixture("bad")
}

fn load_case(name: &str) -> Case {
    let path = cases_dir().join(name).join("case.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// Top-level names in the portal that start with a dot (staging folders).
fn hidden_entries(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".branchpress-cache")
        .collect();
    names.sort();
    names
}

fn check_case(name: &str) {
    let case = load_case(name);
    let tmp = copy_fixture("basic");
    let root = tmp.path();
    let public = build_ok(root, &[]);
    let before = snapshot(&public);

    let files = cases_dir().join(name).join("files");
    if files.is_dir() {
        copy_dir(&files, root);
    }
    for rel in &case.remove {
        std::fs::remove_file(root.join(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
    }
    for (link, target) in &case.symlinks {
        #[cfg(unix)]
        std::os::unix::fs::symlink(target, root.join(link)).expect("symlink");
        #[cfg(not(unix))]
        let _ = (link, target);
    }
    if !case.symlinks.is_empty() && cfg!(not(unix)) {
        return;
    }

    let env: Vec<(&str, &str)> = case
        .env
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    for (args, expect) in [
        (&["build"][..], &case.expect),
        (&["check"][..], &case.expect),
        (&["--lang", "en", "build"][..], &case.expect_en),
        (&["--lang", "en", "check"][..], &case.expect_en),
    ] {
        let out = run_env(root, args, &env);
        let msg = text(&out);
        let what = format!("{name}: `branchpress {}`", args.join(" "));
        assert_eq!(out.status.code(), Some(case.exit), "{what}:\n{msg}");
        assert!(
            !msg.contains("panicked at") && !msg.contains("RUST_BACKTRACE"),
            "{what} panicked:\n{msg}"
        );
        assert!(
            msg.contains(&case.at),
            "{what} must name {}:\n{msg}",
            case.at
        );
        for needle in expect {
            assert!(
                msg.contains(needle.as_str()),
                "{what} must say {needle:?}:\n{msg}"
            );
        }
        for needle in &case.absent {
            assert!(
                !msg.contains(needle.as_str()),
                "{what} must not say {needle:?}:\n{msg}"
            );
        }
        assert_eq!(
            snapshot(&public),
            before,
            "{what} changed the previous public/"
        );
        assert!(
            hidden_entries(root).is_empty(),
            "{what} left {:?}",
            hidden_entries(root)
        );
    }
    if let Some(code) = &case.code {
        let out = run_env(root, &["check", "--format", "json"], &env);
        assert_eq!(out.status.code(), Some(case.exit), "{name}: {}", text(&out));
        let found: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
            .collect();
        let place = |d: &serde_json::Value| {
            let mut at = d["file"].as_str().unwrap_or_default().to_string();
            for key in ["line", "column"] {
                match d[key].as_u64() {
                    Some(0) | None => {}
                    Some(n) => at.push_str(&format!(":{n}")),
                }
            }
            at
        };
        assert!(
            found
                .iter()
                .any(|d| place(d).starts_with(&case.at) && d["code"] == code.as_str()),
            "{name}: no {code} at {} in {found:?}",
            case.at
        );
    }
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check_case(stringify!($name)); })*
        const CASES: &[&str] = &[$(stringify!($name)),*];
    };
}

cases! {
    asset_absolute_path,
    asset_escapes_content,
    asset_missing,
    body_image_escapes_content,
    branch_parent_unknown,
    branch_profile_empty,
    branch_profile_missing,
    branch_with_unknown,
    config_invalid_yaml,
    config_unknown_key,
    config_wrong_type,
    date_impossible,
    field_missing,
    field_wrong_type,
    front_matter_invalid_yaml,
    front_matter_nested_too_deep,
    front_matter_not_a_mapping,
    front_matter_unclosed,
    internal_crash,
    internal_crash_rendering,
    kind_missing,
    kind_unknown,
    level_unknown,
    link_broken,
    metric_unknown,
    milestone_unknown,
    photo_damaged,
    photo_too_large,
    shortcode_unknown,
    slug_duplicate,
    story_empty_file,
    story_invalid_utf8,
    symlink_loop,
    symlink_outside_portal,
    tags_too_many,
    template_endless_recursion,
    template_runtime_error,
    template_syntax_error,
    template_tera1_macro,
    metric_fraction,
    review_date_malformed,
    review_digest_malformed,
    review_not_a_list,
    review_out_of_order,
    review_stage_unknown,
    review_stages_empty,
    review_stages_repeated,
}

#[test]
fn every_fixture_has_a_test_and_every_test_a_fixture() {
    let mut dirs: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut listed: Vec<String> = CASES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(dirs, listed);
}
