//! Publishing from the desk: the portal's changed files committed and
//! pushed with the `git` program the writer's machine has, so that the CI
//! recipes `init` wrote publish the site. Nothing here asks on a terminal:
//! git runs with no input and `GIT_TERMINAL_PROMPT=0`, and its output goes
//! to the page.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

use super::call::{Answer, fail, read_json};
use crate::error::{Lang, Text};

/// Where the desk sends a writer whose portal is not set up for publishing.
const HELP: &str = "/__branchpress/desk/help/publishing";

/// git on the portal, never asking on a terminal (no prompt for a
/// password, ssh in batch mode), whatever serve's own environment says
/// about repositories.
fn command(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=false"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null());
    cmd
}

fn git(root: &Path, args: &[&str]) -> std::io::Result<Output> {
    command(root).args(args).env("LC_ALL", "C").output()
}

/// git's answer as text, when it succeeded.
fn ask(root: &Path, args: &[&str]) -> Option<String> {
    let out = git(root, args).ok().filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Whether the portal is inside a git repository.
pub fn is_repo(root: &Path) -> bool {
    ask(root, &["rev-parse", "--is-inside-work-tree"]).as_deref() == Some("true")
}

/// The first remote and where it points.
fn remote(root: &Path) -> Option<(String, String)> {
    let name = ask(root, &["remote"])?.lines().next()?.to_string();
    let url = ask(root, &["remote", "get-url", &name])?;
    Some((name, url))
}

/// Changed files of the portal: (status, path from the portal root).
fn changes(root: &Path) -> Vec<(String, String)> {
    let Ok(out) = git(
        root,
        &[
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--",
            ".",
        ],
    ) else {
        return Vec::new();
    };
    // Paths are from the repository's top; the portal may be a folder in it.
    let prefix = ask(root, &["rev-parse", "--show-prefix"]).unwrap_or_default();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut list = Vec::new();
    let mut entries = text.split('\0').filter(|e| !e.is_empty());
    while let Some(entry) = entries.next() {
        // `XY path`: two status letters (ASCII), a space, the path.
        let (Some(status), Some(path)) = (entry.get(..2), entry.get(3..)) else {
            continue;
        };
        if status.contains(['R', 'C']) {
            entries.next(); // the old name of a rename or copy
        }
        let path = path.strip_prefix(prefix.as_str()).unwrap_or(path);
        list.push((status.trim().to_string(), path.to_string()));
    }
    list.sort_by(|a, b| a.1.cmp(&b.1));
    list
}

/// What publishing would do: repository, remote, branch, author, changes.
pub fn status(root: &Path, lang: Lang) -> Value {
    if !is_repo(root) {
        return json!({ "repo": false, "remote": null, "branch": null, "author": null, "changes": [], "help": HELP });
    }
    let remote = remote(root).map(|(name, url)| format!("{name} → {url}"));
    let name = ask(root, &["config", "user.name"]);
    let email = ask(root, &["config", "user.email"]);
    let author = name.map(|n| json!({ "name": n, "email": email.unwrap_or_default() }));
    let changes: Vec<Value> = changes(root)
        .into_iter()
        .map(|(status, path)| json!({ "status": status, "path": path }))
        .collect();
    let _ = lang;
    json!({
        "repo": true,
        "help": remote.is_none().then_some(HELP),
        "remote": remote,
        "branch": ask(root, &["rev-parse", "--abbrev-ref", "HEAD"]),
        "author": author,
        "changes": changes,
    })
}

/// Commits every change of the portal with the writer's message and
/// author, and pushes it to the remote.
pub fn publish(root: &Path, lang: Lang, body: &[u8]) -> Result<Value, Answer> {
    let req: Value = read_json(body)?;
    let get = |k: &str| {
        req.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let remote = publishable(root)?;
    let message = get("message").unwrap_or(match lang {
        Lang::ZhCn => "更新稿件",
        Lang::En => "Update stories",
    });
    let mut git = Session {
        root,
        lang,
        log: String::new(),
    };
    git.run(&["add", "-A", "--", "."], &[])?;
    let mut env = Vec::new();
    if let Some(name) = get("name") {
        env.extend([("GIT_AUTHOR_NAME", name), ("GIT_COMMITTER_NAME", name)]);
    }
    if let Some(email) = get("email") {
        env.extend([("GIT_AUTHOR_EMAIL", email), ("GIT_COMMITTER_EMAIL", email)]);
    }
    // Only the portal's files, even when others are staged elsewhere in
    // the repository; the message is one argument, whatever it starts with.
    git.run(&["commit", "-m", message, "--", "."], &env)?;
    let upstream = ask(
        root,
        &["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"],
    );
    match upstream {
        Some(_) => git.run(&["push"], &[])?,
        None => git.run(&["push", "-u", &remote, "HEAD"], &[])?,
    }
    let commit = ask(root, &["rev-parse", "--short", "HEAD"]).unwrap_or_default();
    Ok(json!({ "ok": true, "commit": commit, "output": git.log }))
}

/// The remote to push to, when the portal is a repository with a remote
/// and something to publish.
fn publishable(root: &Path) -> Result<String, Answer> {
    if !is_repo(root) {
        return Err(fail(
            409,
            Text::new(
                "这个网站文件夹不是 git 仓库",
                "the portal is not in a git repository",
            ),
        ));
    }
    let Some((remote, _)) = remote(root) else {
        return Err(fail(
            409,
            Text::new(
                "这个 git 仓库没有远程仓库（remote）",
                "the repository has no remote",
            ),
        ));
    };
    if changes(root).is_empty() {
        return Err(fail(
            409,
            Text::new("没有需要发布的修改", "nothing to publish"),
        ));
    }
    Ok(remote)
}

/// The git commands of one publish, and what they said, for the page.
struct Session<'a> {
    root: &'a Path,
    lang: Lang,
    log: String,
}

impl Session<'_> {
    /// Runs git with `args` (and `env`); its output joins the log, and a
    /// failure answers with the whole log.
    fn run(&mut self, args: &[&str], env: &[(&str, &str)]) -> Result<(), Answer> {
        let mut cmd = Command::new("git");
        cmd.arg("-C")
            .arg(self.root)
            .args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().map_err(|e| {
            fail(
                500,
                crate::text::text!("无法运行 git：{}", "cannot run git: {}", e),
            )
        })?;
        self.log.push_str(&format!("$ git {}\n", args.join(" ")));
        self.log.push_str(&String::from_utf8_lossy(&out.stdout));
        self.log.push_str(&String::from_utf8_lossy(&out.stderr));
        if out.status.success() {
            Ok(())
        } else {
            Err((
                502,
                json!({ "ok": false, "output": self.log.clone(), "error": git_failed(self.lang) }),
            ))
        }
    }
}

fn git_failed(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => {
            "发布没有完成：git 报告了错误（见下方输出）。修改仍在本机，改正后可以再发布。"
        }
        Lang::En => {
            "publishing did not finish: git reported an error (see its output below). The changes are still here; publish again once fixed."
        }
    }
}
