//! The publishing recipes `init` writes: the GitHub Actions and GitLab CI
//! files parse as YAML with the jobs their hosts expect, every `branchpress`
//! command in them (and in scripts/publish.sh) runs on the new portal with
//! the real binary, the install steps ask cargo for the running version —
//! or, with `BRANCHPRESS_RELEASES` set, install a release checked against its
//! SHA256SUMS and refuse one that does not match — and scripts/publish.sh
//! publishes to a folder (rsync) and to a git remote's gh-pages branch
//! (Gitee Pages).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;
use serde_yaml::Value;

const GITHUB: &str = ".github/workflows/publish.yml";
const GITLAB: &str = ".gitlab-ci.yml";
const SCRIPT: &str = "scripts/publish.sh";
const INSTALLER: &str = "scripts/install-branchpress.sh";
const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The preview address standing in for the one the CI host gives.
const PREVIEW: &str = "http://127.0.0.1/preview";

/// A new portal made by `init` in a temporary folder: (tempdir, portal folder, init's output).
fn init_portal() -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["init", "portal"]);
    assert!(out.status.success(), "{}", text(&out));
    let portal = tmp.path().join("portal");
    (tmp, portal, text(&out))
}

fn yaml(portal: &Path, rel: &str) -> Value {
    serde_yaml::from_str(&read(portal, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
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

/// Every `run:` block of every step of the workflow, with the step's job.
fn github_runs(workflow: &Value) -> Vec<(String, String)> {
    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    let mut runs = Vec::new();
    for (name, job) in jobs {
        for step in job["steps"].as_sequence().expect("steps") {
            if let Some(run) = step["run"].as_str() {
                runs.push((name.as_str().unwrap().to_string(), run.to_string()));
            }
        }
    }
    runs
}

/// Every `script:` and `before_script:` entry of the GitLab file, default included.
fn gitlab_scripts(ci: &Value) -> Vec<String> {
    let mut scripts = Vec::new();
    for (_, job) in ci.as_mapping().expect("a mapping") {
        for key in ["before_script", "script"] {
            scripts.extend(strings(&job[key]));
        }
    }
    scripts
}

/// The lines of `blocks` that run branchpress.
fn branchpress_lines(blocks: &[String]) -> Vec<String> {
    blocks
        .iter()
        .flat_map(|b| b.lines())
        .map(|l| l.trim().replace("\"$BRANCHPRESS\" ", "branchpress "))
        .filter(|l| l.starts_with("branchpress "))
        .collect()
}

/// The folder holding the test binary, first on PATH, so that `branchpress` is it.
fn path_with_binary(first: &Path) -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_branchpress"))
        .parent()
        .unwrap();
    format!(
        "{}:{}:{}",
        first.display(),
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn shell(dir: &Path, shell: &str, script: &str, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(shell);
    cmd.current_dir(dir).args(["-euc", script]);
    // Only what the test sets: not the install settings of whoever runs it.
    for k in [
        "BRANCHPRESS_VERSION",
        "BRANCHPRESS_GIT",
        "BRANCHPRESS_RELEASES",
    ] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run a shell")
}

#[test]
fn init_lists_the_publishing_files_and_the_portal_still_checks() {
    let (_tmp, portal, said) = init_portal();
    for rel in [GITHUB, GITLAB, SCRIPT, INSTALLER] {
        assert!(said.contains(&format!("\n  {rel}\n")), "{said}");
        assert!(portal.join(rel).is_file(), "{rel}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(portal.join(SCRIPT))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "{mode:o}");
    }
    let out = run(&portal, &["check", "--strict"]);
    assert!(out.status.success(), "{}", text(&out));
    let public = build_ok(&portal, &["--strict"]);
    assert!(read(&public, "index.html").contains("<html"));
    assert!(public.join("stats.json").is_file());
}

#[test]
fn github_workflow_builds_every_push_and_deploys_main_to_pages() {
    let (_tmp, portal, _) = init_portal();
    let wf = yaml(&portal, GITHUB);
    assert_eq!(strings(&wf["on"]["push"]["branches"]), ["main"]);
    let on = wf["on"].as_mapping().unwrap();
    for event in ["pull_request", "workflow_dispatch"] {
        assert!(on.contains_key(event), "{event}");
    }
    for (scope, access) in [
        ("contents", "read"),
        ("pages", "write"),
        ("id-token", "write"),
    ] {
        assert_eq!(wf["permissions"][scope].as_str(), Some(access), "{scope}");
    }
    assert_eq!(wf["env"]["BRANCHPRESS_VERSION"].as_str(), Some(VERSION));
    assert_eq!(wf["env"]["BRANCHPRESS_GIT"].as_str(), Some(""));
    assert_eq!(wf["env"]["BRANCHPRESS_RELEASES"].as_str(), Some(""));
    let uses = |job: &str| -> Vec<String> {
        wf["jobs"][job]["steps"]
            .as_sequence()
            .unwrap_or_else(|| panic!("job {job} has steps"))
            .iter()
            .filter_map(|s| s["uses"].as_str().map(String::from))
            .collect()
    };
    let build = uses("build");
    for action in [
        "actions/checkout@v4",
        "actions/cache@v4",
        "actions/configure-pages@v5",
        "actions/upload-pages-artifact@v3",
    ] {
        assert!(build.iter().any(|u| u == action), "{action}: {build:?}");
    }
    let deploy = &wf["jobs"]["deploy"];
    assert_eq!(strings(&deploy["needs"]), ["build"]);
    assert_eq!(uses("deploy"), ["actions/deploy-pages@v4"]);
    assert_eq!(deploy["environment"]["name"].as_str(), Some("github-pages"));
    let only_main = deploy["if"].as_str().unwrap();
    assert!(only_main.contains("refs/heads/main") && only_main.contains("pull_request"));
    assert_eq!(deploy["concurrency"]["group"].as_str(), Some("pages"));
    let upload = wf["jobs"]["build"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["uses"].as_str() == Some("actions/upload-pages-artifact@v3"))
        .unwrap();
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    // Every step output a command reads comes from an earlier step with that id.
    let mut ids = Vec::new();
    for step in wf["jobs"]["build"]["steps"].as_sequence().unwrap() {
        let run = step["run"].as_str().unwrap_or_default();
        let cond = step["if"].as_str().unwrap_or_default();
        for used in [run, cond].iter().flat_map(|s| s.split("steps.").skip(1)) {
            let id = used.split('.').next().unwrap();
            assert!(
                ids.contains(&id.to_string()),
                "steps.{id} read before it runs"
            );
        }
        if let Some(id) = step["id"].as_str() {
            ids.push(id.to_string());
        }
    }
}

#[test]
fn gitlab_ci_publishes_public_from_the_default_branch_and_checks_merge_requests() {
    let (_tmp, portal, _) = init_portal();
    let ci = yaml(&portal, GITLAB);
    assert_eq!(
        ci["variables"]["BRANCHPRESS_VERSION"].as_str(),
        Some(VERSION)
    );
    for empty in ["BRANCHPRESS_GIT", "BRANCHPRESS_RELEASES"] {
        assert_eq!(ci["variables"][empty].as_str(), Some(""), "{empty}");
    }
    let pages = &ci["pages"];
    assert_eq!(strings(&pages["artifacts"]["paths"]), ["public"]);
    let rule = pages["rules"][0]["if"].as_str().unwrap();
    assert!(rule.contains("$CI_DEFAULT_BRANCH"), "{rule}");
    assert!(
        strings(&pages["script"])
            .iter()
            .any(|s| s.contains("$CI_PAGES_URL/"))
    );
    let check = &ci["check"];
    assert_eq!(strings(&check["script"]), ["branchpress check"]);
    let rule = check["rules"][0]["if"].as_str().unwrap();
    assert!(rule.contains("merge_request_event"), "{rule}");
    assert_eq!(strings(&ci["default"]["cache"]["paths"]), [".cargo-bin/"]);
}

#[test]
fn every_branchpress_command_of_the_recipes_runs_on_the_new_portal() {
    let (tmp, portal, _) = init_portal();
    let github: Vec<String> = github_runs(&yaml(&portal, GITHUB))
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let gitlab = gitlab_scripts(&yaml(&portal, GITLAB));
    let script = vec![read(&portal, SCRIPT)];
    let path = path_with_binary(tmp.path());
    let env = [
        ("PATH", path.as_str()),
        ("CI_PAGES_URL", PREVIEW),
        ("SITE_URL", &format!("{PREVIEW}/")),
    ];
    for (file, blocks, sh) in [
        (GITHUB, github, "bash"),
        (GITLAB, gitlab, "sh"),
        (SCRIPT, script, "sh"),
    ] {
        let lines = branchpress_lines(&blocks);
        let words: Vec<&str> = lines.iter().filter_map(|l| l.split(' ').nth(1)).collect();
        assert!(
            words.contains(&"check") && words.contains(&"build"),
            "{file}: {lines:?}"
        );
        for line in &lines {
            let line = line.replace("${{ steps.pages.outputs.base_url }}", PREVIEW);
            assert!(
                !line.contains("${{"),
                "{file}: unknown expression in {line}"
            );
            let _ = std::fs::remove_dir_all(portal.join("public"));
            let out = shell(&portal, sh, &line, &env);
            assert!(out.status.success(), "{file}: {line}\n{}", text(&out));
            if line.contains(" build ") {
                let home = read(&portal.join("public"), "index.html");
                let canonical = format!("<link rel=\"canonical\" href=\"{PREVIEW}/\"");
                assert!(home.contains(&canonical), "{file}: {line}");
            }
        }
    }
}

/// A stand-in `cargo` that records its arguments and "installs" the test
/// binary into `$CARGO_HOME/bin` (or `--root`'s bin).
fn fake_cargo(dir: &Path) -> PathBuf {
    let log = dir.join("cargo.log");
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{log}'\nroot=\"${{CARGO_HOME:-$HOME/.cargo}}\"\n\
         [ \"$3\" = --root ] && root=\"$4\"\nmkdir -p \"$root/bin\"\n\
         ln -sf '{bin}' \"$root/bin/branchpress\"\n",
        log = log.display(),
        bin = env!("CARGO_BIN_EXE_branchpress"),
    );
    let cargo = dir.join("cargo");
    std::fs::write(&cargo, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    log
}

/// The install step of the workflow (run by bash) and the GitLab
/// before_script (run by sh), each as one script.
fn install_blocks(portal: &Path) -> [(&'static str, &'static str, String); 2] {
    let github: Vec<String> = github_runs(&yaml(portal, GITHUB))
        .into_iter()
        .map(|(_, r)| r)
        .filter(|r| r.contains(INSTALLER))
        .collect();
    assert_eq!(github.len(), 1, "{github:?}");
    let gitlab = strings(&yaml(portal, GITLAB)["default"]["before_script"]).join("\n");
    assert!(gitlab.contains(INSTALLER), "{gitlab}");
    [(GITHUB, "bash", github[0].clone()), (GITLAB, "sh", gitlab)]
}

/// A folder of stand-in programs put first on PATH: `cargo` (see
/// [`fake_cargo`]), and the log it writes.
fn fake_bin(tmp: &Path) -> (PathBuf, PathBuf) {
    let fake = tmp.join("fake");
    std::fs::create_dir(&fake).unwrap();
    let log = fake_cargo(&fake);
    (fake, log)
}

#[cfg(unix)]
#[test]
fn install_steps_ask_cargo_for_the_running_version_from_crates_io_or_git() {
    let (tmp, portal, _) = init_portal();
    let (fake, log) = fake_bin(tmp.path());
    // Only the fake cargo and the system: no branchpress on PATH.
    let path = format!("{}:/usr/bin:/bin", fake.display());
    // The fake installs go here, never into a real cargo home.
    let home = tmp.path().join("home");
    let home = home.to_str().unwrap();
    let cargo_home = format!("{home}/.cargo");
    let [github, gitlab] = install_blocks(&portal);
    let git = "https://example.org/branchpress.git";
    let expected = |root: &str| {
        [
            format!("install --locked{root} branchpress --version {VERSION}"),
            format!("install --locked{root} --git {git} --tag v{VERSION} branchpress"),
        ]
    };
    for ((file, sh, block), root) in [(github, ""), (gitlab.clone(), " --root .cargo-bin")] {
        for (source, want) in ["", git].into_iter().zip(expected(root)) {
            let _ = std::fs::remove_file(&log);
            let _ = std::fs::remove_dir_all(portal.join(".cargo-bin"));
            let env = [
                ("PATH", path.as_str()),
                ("HOME", home),
                ("CARGO_HOME", cargo_home.as_str()),
                ("CI_PROJECT_DIR", portal.to_str().unwrap()),
                ("BRANCHPRESS_VERSION", VERSION),
                ("BRANCHPRESS_GIT", source),
                // Empty, as the recipes ship: cargo installs.
                ("BRANCHPRESS_RELEASES", ""),
            ];
            let out = shell(&portal, sh, &block, &env);
            assert!(out.status.success(), "{file}:\n{}", text(&out));
            assert_eq!(read(&fake, "cargo.log").trim(), want, "{file}");
        }
    }
    // GitLab's cache: installed once, the next job finds it and installs nothing.
    let _ = std::fs::remove_file(&log);
    let env = [
        ("PATH", path.as_str()),
        ("CARGO_HOME", cargo_home.as_str()),
        ("CI_PROJECT_DIR", portal.to_str().unwrap()),
    ];
    let out = shell(
        &portal,
        "sh",
        &format!("{}\nbranchpress check", gitlab.2),
        &env,
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(!log.exists(), "installed again");

    // scripts/publish.sh installs when branchpress is missing, then publishes.
    let remote = tmp.path().join("remote.git");
    let site = format!("{PREVIEW}/");
    let env = [
        ("PATH", path.as_str()),
        ("HOME", home),
        ("CARGO_HOME", cargo_home.as_str()),
        ("SITE_URL", site.as_str()),
        ("GITEE_REMOTE", remote.to_str().unwrap()),
    ];
    if git_bare(&remote) {
        let out = shell(&portal, "sh", SCRIPT, &env);
        assert!(out.status.success(), "{}", text(&out));
        let want = format!("install --locked branchpress --version {VERSION}");
        assert_eq!(read(&fake, "cargo.log").trim(), want);
    }
}

/// The release target of this machine, as the installer derives it from
/// `uname`; None where no release is built.
fn release_target() -> Option<&'static str> {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => Some("x86_64-unknown-linux-gnu"),
        ("linux", "aarch64") => Some("aarch64-unknown-linux-gnu"),
        ("macos", "x86_64") => Some("x86_64-apple-darwin"),
        ("macos", "aarch64") => Some("aarch64-apple-darwin"),
        _ => None,
    }
}

/// Whether `program --version` runs; a note when it does not.
fn have(program: &str) -> bool {
    let ok = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("note: {program} is not installed; the release install is not run");
    }
    ok
}

/// The SHA-256 of `file` in hex, by the system's sha256sum or shasum.
fn sha256(file: &Path) -> Option<String> {
    let out = Command::new("sha256sum")
        .arg(file)
        .output()
        .or_else(|_| {
            Command::new("shasum")
                .args(["-a", "256"])
                .arg(file)
                .output()
        })
        .ok()
        .filter(|o| o.status.success())?;
    let text = String::from_utf8(out.stdout).ok()?;
    text.split_whitespace().next().map(String::from)
}

/// A stand-in release host in `tmp/releases`, laid out as the release
/// workflow publishes: `v<version>/branchpress-v<version>-<target>.tar.gz`
/// (a folder of that name holding the real test binary as `branchpress`,
/// README.md and the licences) and `v<version>/SHA256SUMS`, which also lists
/// another target's archive. Returns (file:// address, SHA256SUMS, the
/// archive's line in it), or None (with a note) when curl, tar or a SHA-256
/// tool is missing or no release is built for this machine.
fn release_host(tmp: &Path) -> Option<(String, PathBuf, String)> {
    let Some(target) = release_target() else {
        eprintln!("note: no release target for this machine; the release install is not run");
        return None;
    };
    if !(have("curl") && have("tar")) {
        return None;
    }
    let name = format!("branchpress-v{VERSION}-{target}");
    let stage = tmp.join("stage");
    let folder = stage.join(&name);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(
        env!("CARGO_BIN_EXE_branchpress"),
        folder.join("branchpress"),
    )
    .unwrap();
    for doc in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        std::fs::write(folder.join(doc), doc).unwrap();
    }
    let releases = tmp.join("releases");
    let dir = releases.join(format!("v{VERSION}"));
    std::fs::create_dir_all(&dir).unwrap();
    let archive = format!("{name}.tar.gz");
    let out = Command::new("tar")
        .arg("-czf")
        .arg(dir.join(&archive))
        .arg("-C")
        .arg(&stage)
        .arg(&name)
        .output()
        .unwrap();
    assert!(out.status.success(), "tar: {}", text(&out));
    let Some(sum) = sha256(&dir.join(&archive)) else {
        eprintln!(
            "note: neither sha256sum nor shasum is installed; the release install is not run"
        );
        return None;
    };
    assert_eq!(sum.len(), 64, "{sum}");
    let line = format!("{sum}  {archive}");
    let other = format!(
        "{}  branchpress-v{VERSION}-other-target.tar.gz",
        "ab".repeat(32)
    );
    let sums = dir.join("SHA256SUMS");
    std::fs::write(&sums, format!("{other}\n{line}\n")).unwrap();
    Some((format!("file://{}", releases.display()), sums, line))
}

/// Each recipe's install, as (file, shell, script, where the program lands):
/// the workflow's step, GitLab's before_script, and scripts/publish.sh run
/// whole (it installs, then checks, builds and pushes to a bare remote).
fn install_recipes(
    portal: &Path,
    cargo_home: &str,
) -> Vec<(&'static str, &'static str, String, PathBuf)> {
    let [github, gitlab] = install_blocks(portal);
    let cargo_bin = Path::new(cargo_home).join("bin/branchpress");
    vec![
        (github.0, github.1, github.2, cargo_bin.clone()),
        (
            gitlab.0,
            gitlab.1,
            gitlab.2,
            portal.join(".cargo-bin/bin/branchpress"),
        ),
        (SCRIPT, "sh", SCRIPT.to_string(), cargo_bin),
    ]
}

#[cfg(unix)]
#[test]
fn with_branchpress_releases_the_recipes_install_the_checked_release_without_cargo() {
    let (tmp, portal, _) = init_portal();
    let Some((releases, sums, line)) = release_host(tmp.path()) else {
        return;
    };
    let (fake, log) = fake_bin(tmp.path());
    let path = format!("{}:/usr/bin:/bin", fake.display());
    let home = tmp.path().join("home");
    let home = home.to_str().unwrap();
    let cargo_home = format!("{home}/.cargo");
    let remote = tmp.path().join("remote.git");
    let with_git = git_bare(&remote);
    let site = format!("{PREVIEW}/");
    let env = [
        ("PATH", path.as_str()),
        ("HOME", home),
        ("CARGO_HOME", cargo_home.as_str()),
        ("CI_PROJECT_DIR", portal.to_str().unwrap()),
        ("BRANCHPRESS_VERSION", VERSION),
        ("BRANCHPRESS_GIT", ""),
        ("BRANCHPRESS_RELEASES", releases.as_str()),
        ("SITE_URL", site.as_str()),
        ("GITEE_REMOTE", remote.to_str().unwrap()),
    ];
    let recipes = install_recipes(&portal, &cargo_home);
    let clean = || {
        let _ = std::fs::remove_file(&log);
        let _ = std::fs::remove_dir_all(&cargo_home);
        let _ = std::fs::remove_dir_all(portal.join(".cargo-bin"));
        let _ = std::fs::remove_dir_all(portal.join("public"));
    };
    for (file, sh, script, installed) in &recipes {
        if *file == SCRIPT && !with_git {
            continue;
        }
        clean();
        let out = shell(&portal, sh, script, &env);
        assert!(out.status.success(), "{file}:\n{}", text(&out));
        assert!(
            !log.exists(),
            "{file} ran cargo: {}",
            read(&fake, "cargo.log")
        );
        assert!(!installed.is_symlink(), "{file}: the fake cargo's link");
        let version = Command::new(installed).arg("--version").output().unwrap();
        assert!(
            text(&version).contains(VERSION),
            "{file}: {}",
            text(&version)
        );
        // The program is where the recipe's PATH finds it: the runner's
        // ~/.cargo/bin, GitLab's .cargo-bin/bin (the before_script's export),
        // publish.sh's own PATH (it checked and built with it).
        let bin_dir = installed.parent().unwrap().display().to_string();
        let path_after = format!("{bin_dir}:{path}");
        let check = match *file {
            GITLAB => shell(&portal, sh, &format!("{script}\nbranchpress check"), &env),
            GITHUB => shell(&portal, sh, "branchpress check", &[("PATH", &path_after)]),
            _ => {
                assert!(read(&portal.join("public"), "index.html").contains(PREVIEW));
                continue;
            }
        };
        assert!(check.status.success(), "{file}:\n{}", text(&check));
        assert!(!log.exists(), "{file} ran cargo");
    }

    // A checksum that does not match, or no line for the archive: refused,
    // nothing installed, no fallback to cargo.
    let wrong = format!("{}{}", "0".repeat(64), &line[64..]);
    for (bad, says) in [
        (wrong, "校验和不符，拒绝安装"),
        (String::new(), "的校验和，拒绝安装"),
    ] {
        std::fs::write(&sums, format!("{}  other.tar.gz\n{bad}\n", "ab".repeat(32))).unwrap();
        for (file, sh, script, installed) in &recipes {
            if *file == SCRIPT && !with_git {
                continue;
            }
            clean();
            let out = shell(&portal, sh, script, &env);
            assert!(!out.status.success(), "{file} installed a bad release");
            assert!(text(&out).contains(says), "{file}:\n{}", text(&out));
            assert!(!installed.exists(), "{file}: installed anyway");
            assert!(!log.exists(), "{file} fell back to cargo");
            assert!(!portal.join("public").exists(), "{file}: built anyway");
        }
    }
}

#[cfg(unix)]
#[test]
fn with_branchpress_releases_a_platform_without_a_release_installs_with_cargo() {
    let (tmp, portal, _) = init_portal();
    let (fake, log) = fake_bin(tmp.path());
    // A machine no release is built for.
    let uname = fake.join("uname");
    std::fs::write(
        &uname,
        "#!/bin/sh\ncase \"$1\" in -s) echo FreeBSD ;; *) echo riscv64 ;; esac\n",
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&uname, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!("{}:/usr/bin:/bin", fake.display());
    let home = tmp.path().join("home");
    let home = home.to_str().unwrap();
    let cargo_home = format!("{home}/.cargo");
    let releases = format!("file://{}/nowhere", tmp.path().display());
    let env = [
        ("PATH", path.as_str()),
        ("HOME", home),
        ("CARGO_HOME", cargo_home.as_str()),
        ("CI_PROJECT_DIR", portal.to_str().unwrap()),
        ("BRANCHPRESS_VERSION", VERSION),
        ("BRANCHPRESS_GIT", ""),
        ("BRANCHPRESS_RELEASES", releases.as_str()),
    ];
    for ((file, sh, block), root) in install_blocks(&portal)
        .into_iter()
        .zip(["", " --root .cargo-bin"])
    {
        let _ = std::fs::remove_file(&log);
        let _ = std::fs::remove_dir_all(portal.join(".cargo-bin"));
        let out = shell(&portal, sh, &block, &env);
        assert!(out.status.success(), "{file}:\n{}", text(&out));
        assert!(
            text(&out).contains("FreeBSD riscv64"),
            "{file}:\n{}",
            text(&out)
        );
        assert!(
            text(&out).contains("改用 cargo 安装"),
            "{file}:\n{}",
            text(&out)
        );
        let want = format!("install --locked{root} branchpress --version {VERSION}");
        assert_eq!(read(&fake, "cargo.log").trim(), want, "{file}");
    }
}

/// Makes a bare repository to push to; false (with a note) when git is missing.
fn git_bare(at: &Path) -> bool {
    match Command::new("git")
        .args(["init", "-q", "--bare"])
        .arg(at)
        .status()
    {
        Ok(s) if s.success() => true,
        _ => {
            eprintln!("note: git is not installed; the Gitee Pages part of publish.sh is not run");
            false
        }
    }
}

// `sh` is a Unix program (Windows runners may have none on PATH).
#[cfg(unix)]
#[test]
fn publish_sh_and_the_installer_are_valid_shell_and_publish_sh_names_a_missing_variable() {
    let (_tmp, portal, _) = init_portal();
    for rel in [SCRIPT, INSTALLER] {
        for sh in ["sh", "bash"] {
            let out = Command::new(sh)
                .arg("-n")
                .arg(portal.join(rel))
                .output()
                .unwrap();
            assert!(out.status.success(), "{rel}: {sh} -n:\n{}", text(&out));
        }
        let script = read(&portal, rel);
        assert!(script.contains("set -eu"), "{rel}");
        assert!(
            script.contains(&format!("BRANCHPRESS_VERSION:-{VERSION}}}")),
            "{rel}"
        );
        assert!(script.contains("BRANCHPRESS_RELEASES:-}"), "{rel}");
    }
    let bin = env!("CARGO_BIN_EXE_branchpress");
    for (env, missing) in [
        (vec![("BRANCHPRESS", bin)], "SITE_URL"),
        (
            vec![("BRANCHPRESS", bin), ("SITE_URL", "https://x.org/")],
            "RSYNC_TARGET 或 GITEE_REMOTE",
        ),
    ] {
        let mut cmd = Command::new("sh");
        cmd.arg(SCRIPT)
            .current_dir(&portal)
            .env_remove("SITE_URL")
            .env_remove("RSYNC_TARGET")
            .env_remove("GITEE_REMOTE");
        cmd.envs(env);
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(
            text(&out).contains(&format!("没有设置 {missing}")),
            "{}",
            text(&out)
        );
    }
    assert!(
        !portal.join("public").exists(),
        "nothing built before the variables are there"
    );
}

#[test]
fn publish_sh_copies_the_site_with_rsync() {
    if Command::new("rsync").arg("--version").output().is_err() {
        eprintln!("note: rsync is not installed; publish.sh's rsync upload is not run");
        return;
    }
    let (tmp, portal, _) = init_portal();
    let target = tmp.path().join("www");
    write(&target, "stale.html", "old");
    let target_arg = format!("{}/", target.display());
    let site = format!("{PREVIEW}/");
    let env = [
        ("BRANCHPRESS", env!("CARGO_BIN_EXE_branchpress")),
        ("SITE_URL", site.as_str()),
        ("RSYNC_TARGET", target_arg.as_str()),
    ];
    let out = shell(&portal, "sh", SCRIPT, &env);
    assert!(out.status.success(), "{}", text(&out));
    assert!(read(&target, "index.html").contains(PREVIEW));
    assert!(!target.join("stale.html").exists(), "--delete");
}

#[test]
fn publish_sh_pushes_the_site_as_gh_pages_for_gitee() {
    let (tmp, portal, _) = init_portal();
    let remote = tmp.path().join("remote.git");
    if !git_bare(&remote) {
        return;
    }
    let site = format!("{PREVIEW}/");
    let env = [
        ("BRANCHPRESS", env!("CARGO_BIN_EXE_branchpress")),
        ("SITE_URL", site.as_str()),
        ("GITEE_REMOTE", remote.to_str().unwrap()),
    ];
    // Twice: the second push replaces the branch.
    for _ in 0..2 {
        let out = shell(&portal, "sh", SCRIPT, &env);
        assert!(out.status.success(), "{}", text(&out));
    }
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("--git-dir")
            .arg(&remote)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(git(&["show", "gh-pages:index.html"]).contains(PREVIEW));
    assert_eq!(git(&["rev-list", "--count", "gh-pages"]).trim(), "1");
    let files = git(&["ls-tree", "--name-only", "gh-pages"]);
    assert!(files.lines().any(|f| f == ".nojekyll"), "{files}");
    assert!(!files.lines().any(|f| f == ".branchpress"), "{files}");
}

// Publishing from the writing desk (issue 25, problems 1 and 7): only the
// portal's sources are ever listed or committed, whatever a request names;
// the author is the name the writer typed; serve's log says who wrote what.

use serde_json::json;

/// A `serve` of a portal in a git repository with a bare remote, its
/// stderr (the log) kept in a file; killed when dropped.
struct DeskOnGit {
    child: std::process::Child,
    desk: String,
    token: String,
    log: PathBuf,
    root: PathBuf,
    remote: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Drop for DeskOnGit {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// git in `dir` with the machine identity a test run has (never the one
/// publishing must use).
fn desk_git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Machine")
        .env("GIT_AUTHOR_EMAIL", "machine@example.org")
        .env("GIT_COMMITTER_NAME", "Machine")
        .env("GIT_COMMITTER_EMAIL", "machine@example.org")
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const BUNDLE_DIR: &str = "content/branches/child/activities/2024-03-26-free-clinic";

impl DeskOnGit {
    /// The basic fixture without a .gitignore, committed and pushed to a
    /// bare remote, then built (so `public/` and the photo cache exist),
    /// `change` applied, and serve started.
    fn start(change: impl FnOnce(&Path)) -> DeskOnGit {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("portal");
        let remote = tmp.path().join("remote.git");
        copy_dir(&fixture("basic"), &root);
        desk_git(
            tmp.path(),
            &["init", "-q", "--bare", "-b", "main", "remote.git"],
        );
        desk_git(&root, &["init", "-q", "-b", "main"]);
        desk_git(&root, &["config", "user.name", "Machine"]);
        desk_git(&root, &["config", "user.email", "machine@example.org"]);
        desk_git(&root, &["add", "-A"]);
        desk_git(&root, &["commit", "-q", "-m", "start"]);
        desk_git(
            &root,
            &["remote", "add", "origin", &remote.to_string_lossy()],
        );
        desk_git(&root, &["push", "-q", "-u", "origin", "main"]);
        build_ok(&root, &[]);
        assert!(root.join(".branchpress-cache").is_dir());
        change(&root);
        let log = tmp.path().join("serve.log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_branchpress"))
            .current_dir(&root)
            .args(["serve", "--port", "0"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start serve");
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut desk = String::new();
        let mut line = String::new();
        while std::io::BufRead::read_line(&mut out, &mut line).unwrap() > 0 {
            if let Some(at) = line.trim().strip_prefix("写作台：http://") {
                desk = at.split('/').next().unwrap().to_string();
                break;
            }
            line.clear();
        }
        assert!(!desk.is_empty(), "no desk address");
        let mut d = DeskOnGit {
            child,
            desk,
            token: String::new(),
            log,
            root,
            remote,
            _tmp: tmp,
        };
        let page = d.call("GET", "", b"");
        let html = String::from_utf8_lossy(&page.2).into_owned();
        let at = html.find("name=\"bp-token\" content=\"").expect("token") + 25;
        d.token = html[at..].split('"').next().unwrap().to_string();
        d
    }

    /// A request as the desk's page makes it, to `PATH` + `rest`.
    fn call(&self, method: &str, rest: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
        let head = format!(
            "{method} /__branchpress/desk/{rest} HTTP/1.1\r\nHost: {0}\r\nConnection: close\r\nContent-Length: {1}\r\nOrigin: http://{0}\r\nSec-Fetch-Site: same-origin\r\nX-Branchpress-Token: {2}\r\nContent-Type: application/json\r\n",
            self.desk,
            body.len(),
            self.token
        );
        crate::common::http(&self.desk, &head, body)
    }

    fn get(&self, api: &str) -> serde_json::Value {
        let (status, _, body) = self.call("GET", &format!("api/{api}"), b"");
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        serde_json::from_slice(&body).unwrap()
    }

    fn post(&self, api: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
        let (status, _, reply) =
            self.call("POST", &format!("api/{api}"), body.to_string().as_bytes());
        (status, serde_json::from_slice(&reply).unwrap_or_default())
    }

    fn remote_head(&self) -> String {
        desk_git(&self.remote, &["rev-parse", "main"])
    }
}

/// The paths of the publish dialog's list.
fn listed(status: &serde_json::Value) -> Vec<String> {
    status["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_string())
        .collect()
}

/// A story edited and a photo added after a build, on a portal without a
/// .gitignore, plus files that are no source.
fn edit_story_and_add_photo(root: &Path) {
    let index = root.join(BUNDLE_DIR).join("index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, text + "\n又为 30 位老人测量了血压。\n").unwrap();
    std::fs::copy(
        root.join(BUNDLE_DIR).join("photo.jpg"),
        root.join(BUNDLE_DIR).join("photo-2.jpg"),
    )
    .unwrap();
    std::fs::write(root.join("notes.txt"), "not a source").unwrap();
    std::fs::write(root.join("content/.DS_Store"), "junk").unwrap();
    std::fs::write(root.join(BUNDLE_DIR).join("index.md~"), "backup").unwrap();
}

#[test]
fn desk_lists_only_sources_never_the_cache_or_the_built_site() {
    let d = DeskOnGit::start(edit_story_and_add_photo);
    // Without a .gitignore, git itself sees all of it.
    let raw = desk_git(&d.root, &["status", "--porcelain", "--untracked-files=all"]);
    assert!(
        raw.contains("public/") && raw.contains(".branchpress-cache/"),
        "{raw}"
    );
    let status = d.get("publish");
    assert_eq!(
        listed(&status),
        [
            format!("{BUNDLE_DIR}/index.md"),
            format!("{BUNDLE_DIR}/photo-2.jpg")
        ],
        "{status}"
    );
    let changes = status["changes"].as_array().unwrap();
    assert_eq!(changes[0]["what"], "story");
    assert_eq!(changes[0]["title"], "走进乡村义诊");
    assert!(changes[0]["branch"].is_string() && changes[0]["kind"].is_string());
    assert_eq!(changes[1]["what"], "photo");
    assert_eq!(changes[1]["story"], "走进乡村义诊");
    assert_eq!(status["gitignore"], true, "the dialog offers a .gitignore");
    // The machine's git identity is never offered as the author.
    assert!(status.get("author").is_none(), "{status}");
    assert!(!status.to_string().contains("Machine"));
}

#[test]
fn desk_refuses_to_publish_a_path_outside_its_own_list() {
    let d = DeskOnGit::start(edit_story_and_add_photo);
    let before = d.remote_head();
    let head = desk_git(&d.root, &["rev-parse", "HEAD"]);
    let story = format!("{BUNDLE_DIR}/index.md");
    for smuggled in [
        "public/index.html",
        ".branchpress-cache",
        "notes.txt",
        "content/.DS_Store",
        "../portal/site.yaml",
        "site.yaml", // a source, but unchanged
        ":(glob)**",
        ".",
    ] {
        let (status, reply) = d.post(
            "publish",
            &json!({"name": "宣传委员", "files": [story, smuggled]}),
        );
        assert_eq!(status, 422, "{smuggled}: {reply}");
        assert_eq!(reply["field"], "files");
        let error = reply["error"].as_str().unwrap();
        assert!(
            error.contains("不能发布") && error.contains(smuggled),
            "{error}"
        );
    }
    // Nothing was staged, committed or pushed.
    assert_eq!(desk_git(&d.root, &["rev-parse", "HEAD"]), head);
    assert_eq!(desk_git(&d.root, &["diff", "--cached", "--name-only"]), "");
    assert_eq!(d.remote_head(), before);
    // The author's name is asked for; no file ticked is refused too.
    let (status, reply) = d.post("publish", &json!({"files": [story]}));
    assert_eq!((status, &reply["field"]), (422, &json!("name")), "{reply}");
    let (status, reply) = d.post("publish", &json!({"name": "宣传委员", "files": []}));
    assert_eq!((status, &reply["field"]), (422, &json!("files")), "{reply}");
    let (status, reply) = d.post("publish", &json!({"name": "a<b>", "files": [story]}));
    assert_eq!((status, &reply["field"]), (422, &json!("name")), "{reply}");
    assert_eq!(d.remote_head(), before);
}

#[test]
fn desk_commits_only_the_ticked_sources_as_the_typed_author() {
    let d = DeskOnGit::start(edit_story_and_add_photo);
    let story = format!("{BUNDLE_DIR}/index.md");
    // The photo is left unticked.
    let (status, reply) = d.post(
        "publish",
        &json!({"message": "更新义诊稿件", "name": "宣传委员", "files": [story]}),
    );
    assert_eq!(status, 200, "{reply}");
    let files = desk_git(&d.remote, &["show", "--name-only", "--format=", "main"]);
    assert_eq!(files.trim(), story);
    let who = desk_git(&d.remote, &["log", "-1", "--format=%an|%ae|%cn|%s", "main"]);
    let email = reply["author"]["email"].as_str().unwrap();
    assert!(
        email.starts_with("desk-") && email.ends_with("@branchpress.invalid"),
        "{email}"
    );
    assert_eq!(
        who.trim(),
        format!("宣传委员|{email}|宣传委员|更新义诊稿件")
    );
    assert_eq!(reply["published"][0]["title"], "走进乡村义诊");
    // The same name gives the same placeholder; the photo is still to publish.
    let status = d.get("publish");
    assert_eq!(listed(&status), [format!("{BUNDLE_DIR}/photo-2.jpg")]);
    let (code, again) = d.post(
        "publish",
        &json!({"name": "宣传委员", "files": [format!("{BUNDLE_DIR}/photo-2.jpg")]}),
    );
    assert_eq!(code, 200, "{again}");
    assert_eq!(again["author"]["email"], email);
    // The cache and the built site never reached the remote.
    let tree = desk_git(&d.remote, &["ls-tree", "-r", "--name-only", "main"]);
    assert!(
        !tree.contains("public/")
            && !tree.contains(".branchpress-cache")
            && !tree.contains("notes.txt"),
        "{tree}"
    );
    // serve's log: who published what.
    let log = std::fs::read_to_string(&d.log).unwrap();
    let line = log
        .lines()
        .find(|l| l.contains("写作台发布"))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(
        line.contains(&story) && line.contains("由 宣传委员") && line.starts_with("[20"),
        "{line}"
    );
}

#[test]
fn desk_writes_the_gitignore_init_writes_and_lists_it() {
    let d = DeskOnGit::start(|_| {});
    assert_eq!(d.get("publish")["gitignore"], true);
    let (status, reply) = d.post("gitignore", &json!({}));
    assert_eq!(status, 200, "{reply}");
    let written = std::fs::read_to_string(d.root.join(".gitignore")).unwrap();
    assert_eq!(written, include_str!("../../src/scaffold/gitignore"));
    let status = d.get("publish");
    assert_eq!(status["gitignore"], false);
    assert_eq!(listed(&status), [".gitignore"]);
    assert_eq!(status["changes"][0]["what"], "ignore");
    let raw = desk_git(&d.root, &["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(
        raw.trim(),
        "?? .gitignore",
        "git now ignores the built site and the cache"
    );
}

#[test]
fn desk_shows_thumbnails_of_listed_photos_only() {
    let d = DeskOnGit::start(edit_story_and_add_photo);
    let thumb = |path: &str| d.call("GET", &format!("api/publish-photo?path={path}"), b"");
    let (status, head, body) = thumb(&format!("{BUNDLE_DIR}/photo-2.jpg"));
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: image/jpeg"),
        "{head}"
    );
    let (w, h) = image_size(&body);
    assert!(w <= 160 && h <= 160 && w.max(h) > 0, "{w}×{h}");
    let cached = std::fs::read_dir(d.root.join(".branchpress-cache/images"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".jpg"))
        .expect("a cached variant");
    for refused in [
        format!(".branchpress-cache/images/{cached}"),
        format!("{BUNDLE_DIR}/photo.jpg"), // unchanged: not listed
        "public/index.html".into(),
        "../../etc/passwd".into(),
    ] {
        assert_eq!(thumb(&refused).0, 404, "{refused}");
    }
    // A link named like a photo is not followed.
    #[cfg(unix)]
    {
        let outside = d.root.parent().unwrap().join("outside.jpg");
        std::fs::copy(d.root.join(BUNDLE_DIR).join("photo.jpg"), &outside).unwrap();
        std::os::unix::fs::symlink(&outside, d.root.join(BUNDLE_DIR).join("link.jpg")).unwrap();
        assert!(listed(&d.get("publish")).contains(&format!("{BUNDLE_DIR}/link.jpg")));
        assert_eq!(thumb(&format!("{BUNDLE_DIR}/link.jpg")).0, 404);
    }
    // Without the token, nothing.
    let head = format!(
        "GET /__branchpress/desk/api/publish-photo?path={BUNDLE_DIR}/photo-2.jpg HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        d.desk
    );
    assert_eq!(crate::common::http(&d.desk, &head, b"").0, 403);
}

/// Width and height of a JPEG (its first SOF marker).
fn image_size(jpeg: &[u8]) -> (u16, u16) {
    let mut i = 2;
    while i + 9 < jpeg.len() {
        let (marker, len) = (jpeg[i + 1], u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        if (0xC0..=0xC2).contains(&marker) {
            let h = u16::from_be_bytes([jpeg[i + 5], jpeg[i + 6]]);
            let w = u16::from_be_bytes([jpeg[i + 7], jpeg[i + 8]]);
            return (w, h);
        }
        i += 2 + usize::from(len);
    }
    (0, 0)
}

#[test]
fn serve_logs_uploads_with_the_writers_name() {
    let d = DeskOnGit::start(|_| {});
    let photo = std::fs::read(d.root.join(BUNDLE_DIR).join("photo.jpg")).unwrap();
    let story = format!("{BUNDLE_DIR}/index.md");
    let by = "%E5%BC%A0%E4%B8%89"; // 张三
    let head = format!(
        "POST /__branchpress/desk/api/upload?path={story}&name=new.jpg&by={by} HTTP/1.1\r\nHost: {0}\r\nConnection: close\r\nContent-Length: {1}\r\nOrigin: http://{0}\r\nX-Branchpress-Token: {2}\r\nContent-Type: application/octet-stream\r\n",
        d.desk,
        photo.len(),
        d.token
    );
    let (status, _, body) = crate::common::http(&d.desk, &head, &photo);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    // (The story already has this photo: the desk reuses it, and logs it by
    // the name it kept.)
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let name = answer["name"].as_str().unwrap();
    let log = std::fs::read_to_string(&d.log).unwrap();
    assert!(
        log.lines().any(|l| l.contains("写作台上传照片")
            && l.contains(&format!("{BUNDLE_DIR}/{name}"))
            && l.contains("由 张三")),
        "{log}"
    );
}

#[test]
fn desk_pushes_a_commit_whose_push_failed_on_the_next_publish() {
    let d = DeskOnGit::start(edit_story_and_add_photo);
    let story = format!("{BUNDLE_DIR}/index.md");
    let away = d.remote.with_extension("away");
    std::fs::rename(&d.remote, &away).unwrap();
    let (status, reply) = d.post("publish", &json!({"name": "宣传委员", "files": [story]}));
    assert_eq!(status, 502, "{reply}");
    // Plain words for the writer, git's words for the details.
    assert!(
        reply["error"].as_str().unwrap().contains("详细信息"),
        "{reply}"
    );
    assert!(
        reply["output"].as_str().unwrap().contains("$ git push"),
        "{reply}"
    );
    std::fs::rename(&away, &d.remote).unwrap();
    let status = d.get("publish");
    assert_eq!(status["unpushed"], 1, "{status}");
    assert_eq!(listed(&status), [format!("{BUNDLE_DIR}/photo-2.jpg")]);
    let (code, reply) = d.post("publish", &json!({"name": "宣传委员", "files": []}));
    assert_eq!(code, 200, "{reply}");
    let files = desk_git(&d.remote, &["show", "--name-only", "--format=", "main"]);
    assert_eq!(files.trim(), story);
    assert_eq!(d.get("publish")["unpushed"], 0);
}

#[test]
fn every_file_init_writes_is_a_source_the_desk_may_publish() {
    let (_tmp, portal, _) = init_portal();
    desk_git(&portal, &["init", "-q", "-b", "main"]);
    let mut written: Vec<String> = walkdir::WalkDir::new(&portal)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && !e.path().starts_with(portal.join(".git")))
        .map(|e| {
            let rel = e.path().strip_prefix(&portal).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    written.sort();
    let mut child = Command::new(env!("CARGO_BIN_EXE_branchpress"))
        .current_dir(&portal)
        .args(["serve", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let mut desk = String::new();
    while std::io::BufRead::read_line(&mut out, &mut line).unwrap() > 0 {
        if let Some(at) = line.trim().strip_prefix("写作台：http://") {
            desk = at.split('/').next().unwrap().to_string();
            break;
        }
        line.clear();
    }
    let get = |path: &str, token: &str| {
        let head = format!(
            "GET /__branchpress/desk/{path} HTTP/1.1\r\nHost: {desk}\r\nConnection: close\r\nX-Branchpress-Token: {token}\r\n"
        );
        crate::common::http(&desk, &head, b"")
    };
    let page = String::from_utf8_lossy(&get("", "").2).into_owned();
    let at = page.find("name=\"bp-token\" content=\"").expect("token") + 25;
    let token = page[at..].split('"').next().unwrap().to_string();
    let status: serde_json::Value = serde_json::from_slice(&get("api/publish", &token).2).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(listed(&status), written, "{status}");
    assert_eq!(status["gitignore"], false, "init's .gitignore is complete");
}
