//! Publishing from the desk: the portal's changed sources committed and
//! pushed with the `git` program the writer's machine has, so that the CI
//! recipes `init` wrote publish the site. What may be committed is decided
//! here (`source`): the request names the files the writer left ticked, and
//! only those among the desk's own list are committed, by explicit
//! pathspecs. The author is the name the writer typed, never the machine's
//! git identity. Nothing asks on a terminal (`run`), and git's own words
//! go to the page only as details.

mod ignore;
mod run;
mod source;
mod thumb;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Value, json};

use super::call::{Answer, Call, fail, read_json};
use crate::error::{Lang, Text};
use crate::text::text;
pub use run::is_repo;
use run::{Session, ask};
pub use source::Names;

/// Where the desk sends a writer whose portal is not set up for publishing.
const HELP: &str = "/__branchpress/desk/help/publishing";

/// The longest author name and email accepted.
const MAX_NAME: usize = 100;

/// What publishing would do: the changed sources described for the writer,
/// whether the `.gitignore` lacks the lines `init` writes, commits made but
/// not pushed yet, and git's words (remote, branch) for the details.
pub fn status(root: &Path, names: &Names) -> Value {
    if !is_repo(root) {
        return json!({ "repo": false, "remote": null, "branch": null, "changes": [], "help": HELP });
    }
    let remote = run::remote(root).map(|(name, url)| format!("{name} → {url}"));
    let changes: Vec<Value> = source::changes(root)
        .iter()
        .map(|c| source::describe(root, names, c))
        .collect();
    json!({
        "repo": true,
        "help": remote.is_none().then_some(HELP),
        "remote": remote,
        "branch": ask(root, &["rev-parse", "--abbrev-ref", "HEAD"]),
        "changes": changes,
        "unpushed": unpushed(root),
        "gitignore": !ignore::missing(root).is_empty(),
    })
}

/// Commits on HEAD that no remote has (a push that failed before).
fn unpushed(root: &Path) -> u64 {
    ask(root, &["rev-list", "--count", "HEAD", "--not", "--remotes"])
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Commits the files the writer ticked (`files`), each of which must be a
/// changed source, with the writer's message and name, and pushes.
pub fn publish(root: &Path, names: &Names, lang: Lang, body: &[u8]) -> Result<Value, Answer> {
    let req: Value = read_json(body)?;
    let get = |k: &str| {
        req.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let remote = remote_of(root)?;
    let changes = source::changes(root);
    let unpushed = unpushed(root);
    if changes.is_empty() && unpushed == 0 {
        return Err(fail(
            409,
            Text::new("没有需要发布的修改", "nothing to publish"),
        ));
    }
    let name = author_name(get("name"))?;
    let email = author_email(get("email"), name)?;
    let chosen = chosen(&req, &changes)?;
    if chosen.is_empty() && unpushed == 0 {
        return Err(author_refusal(
            "files",
            Text::new(
                "请至少勾选一个要发布的文件",
                "tick at least one file to publish",
            ),
        ));
    }
    let message = get("message").unwrap_or(match lang {
        Lang::ZhCn => "更新稿件",
        Lang::En => "Update stories",
    });
    // Described before the commit: a removed story's title is read from it.
    let published: Vec<Value> = chosen
        .iter()
        .map(|c| source::describe(root, names, c))
        .collect();
    let mut git = Session {
        root,
        log: String::new(),
    };
    let result = commit_and_push(&mut git, &chosen, message, (name, &email), &remote);
    if let Err(why) = result {
        git.log.push_str(&why);
        return Err((
            502,
            json!({ "ok": false, "output": git.log, "error": git_failed(lang) }),
        ));
    }
    let commit = ask(root, &["rev-parse", "--short", "HEAD"]).unwrap_or_default();
    Ok(json!({
        "ok": true,
        "commit": commit,
        "output": git.log,
        "published": published,
        "author": { "name": name, "email": email },
    }))
}

/// The remote to push to, when the portal is a repository with a remote.
fn remote_of(root: &Path) -> Result<String, Answer> {
    if !is_repo(root) {
        return Err(fail(
            409,
            Text::new(
                "这个网站文件夹不是 git 仓库",
                "the portal is not in a git repository",
            ),
        ));
    }
    run::remote(root).map(|(name, _)| name).ok_or_else(|| {
        fail(
            409,
            Text::new(
                "这个 git 仓库没有远程仓库（remote）",
                "the repository has no remote",
            ),
        )
    })
}

/// A refusal of the author's name or email, at its field.
fn author_refusal(field: &str, message: Text) -> Answer {
    let (status, mut v) = fail(422, message);
    v["field"] = json!(field);
    (status, v)
}

/// Characters git cannot keep in a name or email (it would drop them
/// silently), and control characters.
fn unfit(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || matches!(c, '<' | '>'))
}

/// The name the writer typed: required, one line, without `<` or `>`.
fn author_name(name: Option<&str>) -> Result<&str, Answer> {
    let Some(name) = name else {
        return Err(author_refusal(
            "name",
            Text::new(
                "请填写你的名字：它会记录在网站的修改历史中",
                "fill in your name: it is recorded in the site's history",
            ),
        ));
    };
    if name.chars().count() > MAX_NAME || unfit(name) {
        return Err(author_refusal(
            "name",
            text!(
                "名字最多 {} 个字，不能含有 < > 或换行",
                "a name may have at most {} characters, without < > or line breaks",
                MAX_NAME
            ),
        ));
    }
    Ok(name)
}

/// The email the writer typed, or, when none, a placeholder made from the
/// name: the same name always gives the same one, so the history groups a
/// writer's commits, and `.invalid` says it reaches nobody.
fn author_email(email: Option<&str>, name: &str) -> Result<String, Answer> {
    match email {
        Some(e) if e.len() > MAX_NAME * 2 || unfit(e) || !e.contains('@') || e.contains(' ') => {
            Err(author_refusal(
                "email",
                Text::new(
                    "电子邮箱的格式不对（例如 name@example.org）；也可以不填",
                    "the email does not look right (like name@example.org); it may be left empty",
                ),
            ))
        }
        Some(e) => Ok(e.to_string()),
        None => {
            let hash = blake3::hash(name.as_bytes()).to_hex();
            Ok(format!("desk-{}@branchpress.invalid", &hash[..12]))
        }
    }
}

/// The changes named by the request's `files`, each checked against the
/// desk's own list: a path that is not a changed source is refused by name.
fn chosen(req: &Value, changes: &[source::Change]) -> Result<Vec<source::Change>, Answer> {
    let Some(files) = req.get("files").and_then(Value::as_array) else {
        return Err(author_refusal(
            "files",
            Text::new(
                "请求没有列出要发布的文件",
                "the request lists no files to publish",
            ),
        ));
    };
    let mut wanted = BTreeSet::new();
    for f in files {
        let path = f.as_str().unwrap_or_default();
        if !changes.iter().any(|c| c.path == path) {
            return Err(author_refusal(
                "files",
                text!(
                    "不能发布“{}”：它不是有修改的网站源文件（只能发布稿件、照片、支部简介、站点设置、主题和静态文件）",
                    "cannot publish \"{}\": it is not a changed source of the portal (only stories, photos, branch profiles, site settings, themes and static files are published)",
                    path.chars().take(200).collect::<String>()
                ),
            ));
        }
        wanted.insert(path);
    }
    Ok(changes
        .iter()
        .filter(|c| wanted.contains(c.path.as_str()))
        .cloned()
        .collect())
}

/// Stages and commits exactly `chosen` (pathspecs on standard input, taken
/// literally, so no name is a pattern or an option), then pushes. The
/// commit names only these paths, so anything else staged stays out.
fn commit_and_push(
    git: &mut Session,
    chosen: &[source::Change],
    message: &str,
    (name, email): (&str, &str),
    remote: &str,
) -> Result<(), String> {
    if !chosen.is_empty() {
        let mut specs = Vec::new();
        for c in chosen {
            specs.extend_from_slice(c.path.as_bytes());
            specs.push(0);
        }
        let from_stdin = ["--pathspec-from-file=-", "--pathspec-file-nul"];
        let add = ["add", from_stdin[0], from_stdin[1]];
        git.run(&add, &[], Some(&specs))?;
        let env = [
            ("GIT_AUTHOR_NAME", name),
            ("GIT_COMMITTER_NAME", name),
            ("GIT_AUTHOR_EMAIL", email),
            ("GIT_COMMITTER_EMAIL", email),
        ];
        let commit = ["commit", "-m", message, from_stdin[0], from_stdin[1]];
        git.run(&commit, &env, Some(&specs))?;
    }
    let upstream = ask(
        git.root,
        &["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"],
    );
    match upstream {
        Some(_) => git.run(&["push"], &[], None),
        None => git.run(&["push", "-u", remote, "HEAD"], &[], None),
    }
}

/// Writes the lines of `init`'s `.gitignore` the portal lacks.
pub fn write_gitignore(root: &Path) -> Result<Value, Answer> {
    let changed = ignore::write(root).map_err(|e| {
        fail(
            500,
            text!("无法写入 .gitignore：{}", "cannot write .gitignore: {}", e),
        )
    })?;
    Ok(json!({ "ok": true, "changed": changed, "path": ignore::FILE }))
}

/// A thumbnail of a photo among the changed sources (the `path` of the
/// call must be one the desk lists as a photo): (content type, bytes).
pub fn thumbnail(root: &Path, call: &Call) -> Result<(&'static str, Vec<u8>), Answer> {
    let missing = || fail(404, Text::new("没有这张照片", "no such photo"));
    let path = call.param("path").ok_or_else(missing)?;
    let listed = source::changes(root)
        .into_iter()
        .find(|c| c.path == path && !c.deleted() && source::is_photo(&c.path))
        .ok_or_else(missing)?;
    // The file itself: a link named `x.jpg` may point anywhere.
    let file = root.join(&listed.path);
    let plain = std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file());
    if !plain {
        return Err(missing());
    }
    let bytes = std::fs::read(&file).map_err(|_| missing())?;
    thumb::thumbnail(&bytes).ok_or_else(missing)
}

fn git_failed(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => {
            "发布没有完成：连接网站仓库时出了问题。修改仍在本机，请把“详细信息”里的内容发给负责网站的技术人员，改正后可以再发布。"
        }
        Lang::En => {
            "publishing did not finish: something went wrong with the site's repository. The changes are still here; send what “Details” shows to whoever looks after the site, and publish again once fixed."
        }
    }
}
