//! `branchpress` with no command: the start for people who do not use a
//! command line. Inside a portal — the folder named by `--root`, the
//! current folder, or the folder of the program itself (a double-click on
//! Windows starts it in its own folder; on macOS, in the home folder) — it
//! previews the portal and opens the browser on it. Anywhere else it says
//! what it is and offers to create a portal in a new folder, and creates
//! nothing without an answer.

use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::Lang;
use crate::pipeline::Options;

/// The port of the double-click start; another one when it is taken.
const PORT: u16 = 1111;

/// Runs the start: preview a portal, or offer to create one.
pub fn start(root: Option<PathBuf>, lang: Option<Lang>, open: bool) -> Result<()> {
    match find_portal(root.as_deref()) {
        Some(root) => preview(root, lang, open),
        None => offer(root.as_deref().unwrap_or(Path::new(".")), lang, open),
    }
}

/// The portal to preview: `--root`, the current folder, or the program's
/// own folder, whichever holds a site.yaml first.
fn find_portal(root: Option<&Path>) -> Option<PathBuf> {
    if let Some(root) = root {
        return root.join("site.yaml").is_file().then(|| root.to_path_buf());
    }
    let here = PathBuf::from(".");
    if here.join("site.yaml").is_file() {
        return Some(here);
    }
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    dir.join("site.yaml").is_file().then(|| dir.to_path_buf())
}

fn preview(root: PathBuf, lang: Option<Lang>, open: bool) -> Result<()> {
    let options = Options {
        root,
        drafts: true,
        lang,
        ..Options::default()
    };
    crate::serve::serve(
        options,
        crate::serve::Listen {
            bind: std::net::IpAddr::from([127, 0, 0, 1]),
            port: PORT,
            any_port_if_taken: true,
            desk: false,
            open,
        },
    )
}

/// On a terminal, waits for Enter before the program ends: a double-click
/// on Windows opens a console window that closes with the program, and the
/// message above would go unread. Without a terminal (a script, a test),
/// ends at once.
fn wait_if_double_clicked(lang: Lang) {
    use std::io::IsTerminal as _;
    if std::io::stdin().is_terminal() {
        eprint!(
            "{}",
            match lang {
                Lang::ZhCn => "按回车键关闭。",
                Lang::En => "Press Enter to close.",
            }
        );
        let _ = std::io::stdin().lock().read_line(&mut String::new());
    }
}

/// Says what branchpress is, asks for a folder to create a portal in, and
/// creates it only when given one; then previews it.
fn offer(here: &Path, lang: Option<Lang>, open: bool) -> Result<()> {
    let lang = lang.unwrap_or_default();
    let shown = std::path::absolute(here).unwrap_or_else(|_| here.to_path_buf());
    let mut err = std::io::stderr().lock();
    let _ = match lang {
        Lang::ZhCn => write!(
            err,
            "branchpress：党支部成果展示网站的生成和预览工具。\n\
             这个文件夹（{}）里没有 site.yaml，不是门户文件夹。\n\
             要新建一个门户吗？请输入新文件夹的名字（如 dangjian），直接按回车则不新建：",
            shown.display()
        ),
        Lang::En => write!(
            err,
            "branchpress: builds and previews the achievements portal of Party branches.\n\
             This folder ({}) has no site.yaml: it is not a portal.\n\
             Create a new portal? Type a name for its folder (such as dangjian), or just Enter to create nothing: ",
            shown.display()
        ),
    };
    let _ = err.flush();
    drop(err);
    let mut answer = String::new();
    // No terminal, or nothing typed: nothing is created.
    let _ = std::io::stdin().lock().read_line(&mut answer);
    let name = answer.trim();
    if name.is_empty() {
        eprintln!();
        eprintln!(
            "{}",
            match lang {
                Lang::ZhCn =>
                    "没有新建任何文件。在门户文件夹中运行 branchpress 即可预览；branchpress --help 列出全部命令。",
                Lang::En =>
                    "Nothing was created. Run branchpress in a portal's folder to preview it; branchpress --help lists every command.",
            }
        );
        wait_if_double_clicked(lang);
        return Ok(());
    }
    let dir = here.join(name);
    super::init::InitArgs { dir: dir.clone() }.run(Some(lang))?;
    preview(dir, Some(lang), open)
}
