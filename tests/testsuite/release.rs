//! The prebuilt binaries: .github/workflows/release.yml (on a tag `v*`, the
//! tests on three systems, five targets built and packed, one SHA256SUMS, the
//! GitHub release) and .github/workflows/ci.yml parse as YAML with the jobs
//! they promise; scripts/package.sh packs a binary into the archive the
//! workflow uploads, with a matching .sha256, and the binary unpacked from it
//! builds the demo portal; a missing binary is refused.

use std::path::Path;

use crate::common::*;
use serde_yaml::Value;

const RELEASE: &str = ".github/workflows/release.yml";
const CI: &str = ".github/workflows/ci.yml";
const OSES: [&str; 3] = ["ubuntu-latest", "macos-latest", "windows-latest"];
/// The release targets and the runners that build them.
const TARGETS: [(&str, &str); 5] = [
    ("x86_64-unknown-linux-gnu", "ubuntu-latest"),
    ("aarch64-unknown-linux-gnu", "ubuntu-24.04-arm"),
    ("x86_64-apple-darwin", "macos-15-intel"),
    ("aarch64-apple-darwin", "macos-14"),
    ("x86_64-pc-windows-msvc", "windows-latest"),
];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn workflow(rel: &str) -> Value {
    serde_yaml::from_str(&read(repo(), rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A string or a list of strings as a list.
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Sequence(items) => items
            .iter()
            .filter_map(|i| i.as_str())
            .map(String::from)
            .collect(),
        _ => Vec::new(),
    }
}

fn steps(job: &Value) -> &Vec<Value> {
    job["steps"].as_sequence().expect("steps")
}

/// The step that `uses:` the action `action` (with its version), exactly one.
fn uses<'a>(job: &'a Value, action: &str) -> &'a Value {
    let found: Vec<&Value> = steps(job)
        .iter()
        .filter(|s| s["uses"].as_str() == Some(action))
        .collect();
    assert_eq!(found.len(), 1, "one step uses {action}: {found:?}");
    found[0]
}

/// The `run:` blocks of a job's steps.
fn runs(job: &Value) -> Vec<&str> {
    steps(job)
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect()
}

/// The step whose `run:` holds `needle`, exactly one.
fn run_step<'a>(job: &'a Value, needle: &str) -> &'a Value {
    let found: Vec<&Value> = steps(job)
        .iter()
        .filter(|s| s["run"].as_str().is_some_and(|r| r.contains(needle)))
        .collect();
    assert_eq!(found.len(), 1, "one step runs {needle:?}: {found:?}");
    found[0]
}

/// A job that runs `cargo test --locked` on the three systems, each to the end.
fn assert_tests_on_three_systems(job: &Value) {
    assert_eq!(strings(&job["strategy"]["matrix"]["os"]), OSES);
    assert_eq!(job["strategy"]["fail-fast"].as_bool(), Some(false));
    assert_eq!(job["runs-on"].as_str(), Some("${{ matrix.os }}"));
    uses(job, "actions/checkout@v4");
    uses(job, "dtolnay/rust-toolchain@stable");
    let runs = runs(job);
    assert!(
        runs.iter()
            .any(|r| r.lines().any(|l| l.trim() == "cargo test --locked")),
        "cargo test --locked: {runs:?}"
    );
    // The browser tests need Chromium (Linux only): not on this matrix.
    assert!(
        !runs.iter().any(|r| r.contains("browser")),
        "no browser tests: {runs:?}"
    );
}

#[test]
fn release_runs_on_version_tags_only() {
    let wf = workflow(RELEASE);
    let on = wf["on"].as_mapping().expect("on: a mapping");
    assert_eq!(on.len(), 1, "only push triggers a release: {on:?}");
    let push = wf["on"]["push"].as_mapping().expect("on.push");
    assert_eq!(push.len(), 1, "push of tags only: {push:?}");
    assert_eq!(strings(&wf["on"]["push"]["tags"]), ["v*"]);
}

#[test]
fn release_tests_on_three_systems_then_builds_five_targets_then_releases() {
    let wf = workflow(RELEASE);
    let jobs = wf["jobs"].as_mapping().expect("jobs");
    let names: Vec<&str> = jobs.keys().filter_map(|k| k.as_str()).collect();
    assert_eq!(names, ["test", "build", "release"]);

    assert_tests_on_three_systems(&wf["jobs"]["test"]);
    assert_eq!(strings(&wf["jobs"]["build"]["needs"]), ["test"]);
    assert_eq!(strings(&wf["jobs"]["release"]["needs"]), ["build"]);
}

#[test]
fn build_job_packs_and_uploads_each_of_the_five_targets() {
    let wf = workflow(RELEASE);
    let build = &wf["jobs"]["build"];
    let include = build["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("matrix.include");
    let targets: Vec<(&str, &str)> = include
        .iter()
        .map(|e| {
            (
                e["target"].as_str().expect("target"),
                e["os"].as_str().expect("os"),
            )
        })
        .collect();
    assert_eq!(targets, TARGETS);
    // Nothing but the include list: no cross product adding targets.
    let matrix = build["strategy"]["matrix"].as_mapping().unwrap();
    assert_eq!(matrix.len(), 1, "{matrix:?}");
    assert_eq!(build["runs-on"].as_str(), Some("${{ matrix.os }}"));

    uses(build, "actions/checkout@v4");
    let rust = uses(build, "dtolnay/rust-toolchain@stable");
    assert_eq!(
        rust["with"]["targets"].as_str(),
        Some("${{ matrix.target }}")
    );
    run_step(
        build,
        "cargo build --release --locked --target ${{ matrix.target }}",
    );

    let package = run_step(build, "scripts/package.sh");
    assert_eq!(
        package["shell"].as_str(),
        Some("bash"),
        "bash on Windows too"
    );
    let script = package["run"].as_str().unwrap();
    assert!(
        script.contains("target/${{ matrix.target }}/release/branchpress"),
        "{script}"
    );
    assert!(script.contains(".exe"), "the Windows binary: {script}");
    let call = script
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("bash scripts/package.sh "))
        .expect("the package.sh call");
    assert!(
        call.starts_with("bash scripts/package.sh ${{ matrix.target }} "),
        "{call}"
    );
    assert!(call.ends_with(" dist"), "into dist/: {call}");

    let upload = uses(build, "actions/upload-artifact@v4");
    assert_eq!(
        upload["with"]["name"].as_str(),
        Some("branchpress-${{ matrix.target }}")
    );
    assert_eq!(upload["with"]["path"].as_str(), Some("dist/*"));
}

#[test]
fn release_job_sums_every_archive_and_attaches_them_to_the_release() {
    let wf = workflow(RELEASE);
    let release = &wf["jobs"]["release"];

    let download = uses(release, "actions/download-artifact@v4");
    assert_eq!(download["with"]["merge-multiple"].as_bool(), Some(true));
    assert_eq!(download["with"]["path"].as_str(), Some("dist"));

    let sums = run_step(release, "SHA256SUMS");
    let sums = sums["run"].as_str().unwrap();
    let line = sums
        .lines()
        .map(str::trim)
        .find(|l| l.contains("> SHA256SUMS"))
        .expect("writes SHA256SUMS");
    assert!(line.starts_with("cd dist && sha256sum "), "{line}");
    for pattern in ["branchpress-*.tar.gz", "branchpress-*.zip"] {
        assert!(line.contains(pattern), "{pattern} in {line}");
    }

    let gh = uses(release, "softprops/action-gh-release@v2");
    assert_eq!(strings(&gh["with"]["files"]), ["dist/*"]);
    // The download and SHA256SUMS come before the release step.
    let order: Vec<usize> = [
        "actions/download-artifact@v4",
        "softprops/action-gh-release@v2",
    ]
    .iter()
    .map(|a| {
        steps(release)
            .iter()
            .position(|s| s["uses"].as_str() == Some(a))
            .unwrap()
    })
    .collect();
    let sums_at = steps(release)
        .iter()
        .position(|s| s["run"].as_str().is_some_and(|r| r.contains("SHA256SUMS")))
        .unwrap();
    assert!(
        order[0] < sums_at && sums_at < order[1],
        "{order:?} {sums_at}"
    );

    // Write access on this job only.
    let perms = release["permissions"].as_mapping().expect("permissions");
    assert_eq!(perms.len(), 1, "{perms:?}");
    assert_eq!(release["permissions"]["contents"].as_str(), Some("write"));
    for job in ["test", "build"] {
        assert!(
            wf["jobs"][job].get("permissions").is_none(),
            "{job}: no permissions of its own"
        );
    }
    let top = serde_yaml::to_string(&wf["permissions"]).unwrap();
    assert!(!top.contains("write"), "workflow permissions: {top}");
}

#[test]
fn ci_tests_pull_requests_and_main_on_three_systems() {
    let wf = workflow(CI);
    assert!(
        wf["on"].get("pull_request").is_some(),
        "on pull_request: {:?}",
        wf["on"]
    );
    assert_eq!(strings(&wf["on"]["push"]["branches"]), ["main"]);
    let jobs = wf["jobs"].as_mapping().expect("jobs");
    assert_eq!(jobs.len(), 1, "one job: {jobs:?}");
    assert_tests_on_three_systems(&wf["jobs"]["test"]);
}

/// Runs scripts/package.sh with `args`.
#[cfg(unix)]
fn package(args: &[&str]) -> std::process::Output {
    std::process::Command::new("bash")
        .arg(repo().join("scripts/package.sh"))
        .args(args)
        .output()
        .expect("run bash")
}

/// The SHA-256 of a file in hex, by sha256sum (or shasum -a 256 on macOS).
#[cfg(unix)]
fn sha256(file: &Path) -> String {
    use std::process::Command;
    let out = Command::new("sha256sum")
        .arg(file)
        .output()
        .or_else(|_| {
            Command::new("shasum")
                .args(["-a", "256"])
                .arg(file)
                .output()
        })
        .expect("sha256sum or shasum");
    assert!(out.status.success(), "{}", text(&out));
    let hex = String::from_utf8(out.stdout).unwrap();
    let hex = hex.split_whitespace().next().expect("a sum").to_string();
    assert_eq!(hex.len(), 64, "{hex}");
    hex
}

/// The demo portal (site.yaml and content/) copied into a temporary folder.
#[cfg(unix)]
fn copy_demo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("site.yaml"), tmp.path().join("site.yaml")).unwrap();
    copy_dir(&repo().join("content"), &tmp.path().join("content"));
    tmp
}

#[cfg(unix)]
#[test]
fn package_packs_a_binary_that_builds_the_demo_portal() {
    use std::os::unix::fs::PermissionsExt;

    let target = "x86_64-unknown-linux-gnu";
    let base = format!("branchpress-v{}-{target}", env!("CARGO_PKG_VERSION"));
    let name = format!("{base}.tar.gz");
    let dist = tempfile::tempdir().unwrap();
    // A folder package.sh has to create.
    let outdir = dist.path().join("dist");
    let out = package(&[
        target,
        env!("CARGO_BIN_EXE_branchpress"),
        outdir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "package.sh:\n{}", text(&out));

    // It prints the archive's path, and writes the archive and its .sha256.
    let archive = outdir.join(&name);
    let printed = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(printed.trim_end(), archive.to_str().unwrap());
    assert!(archive.is_file(), "{name} missing");
    let sum_file = outdir.join(format!("{name}.sha256"));
    assert!(sum_file.is_file(), "{name}.sha256 missing");
    let written: Vec<String> = std::fs::read_dir(&outdir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(written, [name.clone(), format!("{name}.sha256")]);
    assert_eq!(
        read(&outdir, &format!("{name}.sha256")),
        format!("{}  {name}\n", sha256(&archive)),
        "the .sha256 is sha256sum's line for the archive"
    );

    // One folder named like the archive, with the binary, README and licences.
    let unpacked = tempfile::tempdir().unwrap();
    let tar = std::process::Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(unpacked.path())
        .output()
        .expect("run tar");
    assert!(tar.status.success(), "tar:\n{}", text(&tar));
    let top: Vec<String> = std::fs::read_dir(unpacked.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(top, [base.as_str()]);
    let folder = unpacked.path().join(&base);
    let files: Vec<String> = walkdir::WalkDir::new(&folder)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path() != folder)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files,
        ["LICENSE-APACHE", "LICENSE-MIT", "README.md", "branchpress"]
    );
    for doc in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        assert_eq!(
            read(&folder, doc),
            read(repo(), doc),
            "{doc} as in the repository"
        );
    }
    assert!(read(&folder, "LICENSE-MIT").contains("The branchpress authors"));
    assert!(read(&folder, "LICENSE-APACHE").contains("Version 2.0, January 2004"));
    let exe = folder.join("branchpress");
    // The binary given (by size: hashing 280 MB of debug build twice is slow;
    // it is run below).
    assert_eq!(
        std::fs::metadata(&exe).unwrap().len(),
        std::fs::metadata(env!("CARGO_BIN_EXE_branchpress"))
            .unwrap()
            .len(),
        "the binary given"
    );
    let mode = std::fs::metadata(&exe).unwrap().permissions().mode();
    assert_eq!(mode & 0o111, 0o111, "executable: {mode:o}");

    // The unpacked binary, run from outside the repository, builds the demo.
    let demo = copy_demo();
    let site = unpacked.path().join("public");
    let built = std::process::Command::new(&exe)
        .current_dir(unpacked.path())
        .arg("build")
        .arg("--root")
        .arg(demo.path())
        .arg("--output")
        .arg(&site)
        .arg("--quiet")
        .output()
        .expect("run the unpacked binary");
    assert!(built.status.success(), "build:\n{}", text(&built));
    assert!(
        read(&site, "index.html").contains("<html"),
        "public/index.html"
    );
}

#[cfg(unix)]
#[test]
fn package_refuses_a_missing_binary() {
    let dist = tempfile::tempdir().unwrap();
    let missing = dist.path().join("no-such-branchpress");
    let outdir = dist.path().join("dist");
    let out = package(&[
        "x86_64-unknown-linux-gnu",
        missing.to_str().unwrap(),
        outdir.to_str().unwrap(),
    ]);
    assert!(!out.status.success(), "should fail:\n{}", text(&out));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("binary not found"), "{said}");
    assert!(said.contains(missing.to_str().unwrap()), "{said}");
    assert!(out.stdout.is_empty(), "no archive path printed");
    assert!(!outdir.exists(), "nothing written");

    // The wrong number of arguments: the usage.
    let out = package(&["x86_64-unknown-linux-gnu"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("usage: bash scripts/package.sh"),
        "{}",
        text(&out)
    );
}
