//! Running the `git` program on the portal for the desk: never asking on a
//! terminal (no prompt for a password, ssh in batch mode), pathspecs taken
//! literally, and whatever serve's own environment says about repositories
//! ignored. [`Session`] keeps what the commands of one publish said.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// git on the portal.
pub fn command(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=false"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
        // A path named `*.jpg` or `:(top)` is that file, nothing more.
        .env("GIT_LITERAL_PATHSPECS", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null());
    cmd
}

/// git's output, in the C locale (its words are parsed).
pub fn git(root: &Path, args: &[&str]) -> std::io::Result<Output> {
    command(root).args(args).env("LC_ALL", "C").output()
}

/// git's answer as text, when it succeeded.
pub fn ask(root: &Path, args: &[&str]) -> Option<String> {
    let out = git(root, args).ok().filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Whether the portal is inside a git repository.
pub fn is_repo(root: &Path) -> bool {
    ask(root, &["rev-parse", "--is-inside-work-tree"]).as_deref() == Some("true")
}

/// The first remote and where it points.
pub fn remote(root: &Path) -> Option<(String, String)> {
    let name = ask(root, &["remote"])?.lines().next()?.to_string();
    let url = ask(root, &["remote", "get-url", &name])?;
    Some((name, url))
}

/// The git commands of one publish and what they said.
pub struct Session<'a> {
    /// The portal.
    pub root: &'a Path,
    /// Each command and its output, for the page's 详细信息.
    pub log: String,
}

impl Session<'_> {
    /// Runs git with `args`, `env` added and `input` on its standard input;
    /// its output joins the log. Err holds why it could not run or failed.
    pub fn run(
        &mut self,
        args: &[&str],
        env: &[(&str, &str)],
        input: Option<&[u8]>,
    ) -> Result<(), String> {
        let mut cmd = command(self.root);
        cmd.args(args).envs(env.iter().copied());
        if input.is_some() {
            cmd.stdin(Stdio::piped());
        }
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| e.to_string())?;
        if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
            // git reads all of it before it writes much: no deadlock.
            stdin.write_all(bytes).map_err(|e| e.to_string())?;
        }
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        self.log.push_str(&format!("$ git {}\n", args.join(" ")));
        self.log.push_str(&String::from_utf8_lossy(&out.stdout));
        self.log.push_str(&String::from_utf8_lossy(&out.stderr));
        match out.status.success() {
            true => Ok(()),
            false => Err(format!("git {}: {}", args.join(" "), out.status)),
        }
    }
}
