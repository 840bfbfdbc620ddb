//! What `serve` tells the terminal: the addresses (on stdout, which
//! scripts and tests read), the first build's result, the desk's password,
//! and its warnings and failures (on stderr), in the portal's language.

use std::io::Write as _;

use super::state::{Dev, Outcome};
use crate::error::Lang;

/// Picks the message of `lang`.
fn pick(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

/// The preview cannot listen where it was asked to.
pub(super) fn cannot_listen(lang: Lang, bind: std::net::IpAddr, port: u16) -> String {
    pick(
        lang,
        format!(
            "无法在 {bind} 的端口 {port} 上提供预览（端口可能已被占用，或本机没有这个地址），请用 --port 或 --bind 换一个"
        ),
        format!(
            "cannot listen on {bind} port {port} (port in use, or not an address of this machine); try another --port or --bind"
        ),
    )
}

/// The desk cannot make its secrets.
pub(super) fn no_random(lang: Lang, e: impl std::fmt::Display) -> String {
    pick(
        lang,
        format!("系统没有提供随机数，无法生成写作台的密钥：{e}"),
        format!("the system gave no random numbers for the desk's secrets: {e}"),
    )
}

/// The browser could not be opened: the address is printed instead.
pub(super) fn cannot_open_browser(lang: Lang, e: impl std::fmt::Display, url: &str) {
    let text = pick(
        lang,
        format!("无法打开浏览器（{e}），请手动打开 {url}"),
        format!("cannot open a browser ({e}); open {url} yourself"),
    );
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// The address and the first build's result, then how to stop.
pub(super) fn report_start(dev: &Dev, url: &str, shared: Option<&str>, ms: f64) {
    let lang = dev.lang();
    let mut err = std::io::stderr().lock();
    for d in dev.errors() {
        let _ = writeln!(err, "{}", d.render(lang));
    }
    let (shown, folded) = crate::error::fold_warnings(dev.warnings());
    for d in shown {
        let _ = writeln!(err, "{}", d.render(lang));
    }
    for (code, more) in folded {
        let _ = writeln!(err, "{}", crate::error::folded_line(code, more, lang));
    }
    let (stories, branches) = dev.counts();
    let result = match dev.errors().is_empty() {
        true => pick(
            lang,
            format!("已生成：{branches} 个支部，{stories} 篇稿件（{ms:.0} 毫秒）"),
            format!("built: {branches} branches, {stories} stories ({ms:.0} ms)"),
        ),
        false => pick(
            lang,
            "有错误：请改正上面的错误，浏览器中也会显示。".into(),
            "errors: fix them above (the browser shows them too)".into(),
        ),
    };
    let _ = writeln!(err, "{result}");
    drop(err);
    // stdout carries only the address, so scripts and tests can read it.
    let mut out = std::io::stdout().lock();
    let serving = pick(
        lang,
        format!("预览地址：{url}  （保存文件后页面自动刷新；按 Ctrl+C 退出）"),
        format!("serving at {url}  (pages reload when you save; Ctrl+C to stop)"),
    );
    let _ = writeln!(out, "{serving}");
    if let Some(shared) = shared.filter(|s| *s != url) {
        let other = pick(
            lang,
            format!("其他设备：{shared}"),
            format!("other devices: {shared}"),
        );
        let _ = writeln!(out, "{other}");
    }
    let _ = out.flush();
}

/// Where the writing desk is, and its password when it asks for one.
pub(super) fn report_desk(lang: Lang, at: &str, password: Option<&str>) {
    let mut out = std::io::stdout().lock();
    let desk = pick(lang, format!("写作台：{at}"), format!("writing desk: {at}"));
    let _ = writeln!(out, "{desk}");
    if let Some(password) = password {
        let text = pick(
            lang,
            format!("写作台密码：{password}  （只告诉需要写稿的人）"),
            format!("desk password: {password}  (tell it only to those who write)"),
        );
        let _ = writeln!(out, "{text}");
    }
    let _ = out.flush();
}

/// The warning for a preview other devices can open.
pub(super) fn warn_shared(lang: Lang, shared: Option<&str>) {
    let text = match shared {
        Some(_) => pick(
            lang,
            "注意：同一网络中的其他设备（如手机）也能打开此预览，包括草稿。预览完请按 Ctrl+C 退出。".into(),
            "note: other devices on this network (phones, too) can open this preview, drafts included. Press Ctrl+C when done.".into(),
        ),
        None => pick(
            lang,
            "注意：同一网络中的其他设备也能打开此预览（包括草稿），请用本机的局域网地址加端口访问。".into(),
            "note: other devices on this network can open this preview (drafts included) at this machine's LAN address and port.".into(),
        ),
    };
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// One line per change on the terminal; errors in full.
pub(super) fn report_change(dev: &Dev, outcome: &Outcome, ms: f64) {
    let lang = dev.lang();
    let mut err = std::io::stderr().lock();
    match outcome {
        Outcome::Unchanged => {}
        Outcome::Updated(paths) => {
            let names: Vec<String> = paths.iter().map(|p| crate::error::slash(p)).collect();
            let text = pick(
                lang,
                format!("已更新 {}（{ms:.1} 毫秒）", names.join("、")),
                format!("updated {} ({ms:.1} ms)", names.join(", ")),
            );
            let _ = writeln!(err, "{text}");
            // The warnings of what was saved, as `check` prints them.
            for w in dev.warnings().iter().filter(|w| paths.contains(&w.path)) {
                let _ = writeln!(err, "{}", w.render(lang));
            }
        }
        Outcome::Rebuilt => {
            let (stories, branches) = dev.counts();
            let text = pick(
                lang,
                format!("已重新生成：{branches} 个支部，{stories} 篇稿件（{ms:.0} 毫秒）"),
                format!("rebuilt: {branches} branches, {stories} stories ({ms:.0} ms)"),
            );
            let _ = writeln!(err, "{text}");
        }
        Outcome::Failed => {
            for e in dev.errors() {
                let _ = writeln!(err, "{}", e.render(lang));
            }
            let text = pick(
                lang,
                "网站未更新：请改正上面的错误，浏览器中也会显示。".into(),
                "the site was not updated: fix the errors above (the browser shows them too)"
                    .into(),
            );
            let _ = writeln!(err, "{text}");
        }
    }
}
