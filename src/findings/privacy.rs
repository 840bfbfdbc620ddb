//! Personal data in published text, reported: every finding of
//! [`crate::personal_data::scan`] in a document's front matter and body is a
//! warning at its line and column (an error under `privacy: strict`), with
//! what to write instead.

use crate::error::Code;
use crate::personal_data::{Kind, scan};

/// A line that says so is not searched: `<!-- privacy: ok -->` in the
/// body, `# privacy: ok` in the front matter (a published hotline, a
/// doctor who agreed to be named).
const ACCEPT: &str = "privacy: ok";

/// Warns about every finding in a story's front matter and body, each at
/// its line and column.
pub fn check_document(
    path: &std::path::Path,
    doc: &crate::front_matter::Document,
    policy: &crate::config::Privacy,
    diags: &mut Vec<crate::error::Diagnostic>,
) {
    let front = doc.front.text();
    for (i, line) in front.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        warn_line(path, i + 1, line, policy, diags);
    }
    for (i, line) in doc.body().lines().enumerate() {
        warn_line(path, doc.body_line + i, line, policy, diags);
    }
}

fn warn_line(
    path: &std::path::Path,
    line_no: usize,
    line: &str,
    policy: &crate::config::Privacy,
    diags: &mut Vec<crate::error::Diagnostic>,
) {
    if line.contains(ACCEPT) {
        return;
    }
    let plain = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect::<String>()
    };
    let allowed: Vec<String> = policy.allow.iter().map(|a| plain(a)).collect();
    for f in scan(line) {
        let found = plain(&line[f.start..f.end]);
        let listed =
            |a: &String| !a.is_empty() && (a.contains(&found) || found.contains(a.as_str()));
        if allowed.iter().any(listed) {
            continue;
        }
        let column = line[..f.start].chars().count() + 1;
        let (code, what, what_en, instead, instead_en) = match f.kind {
            Kind::ResidentId => (
                Code::ResidentId,
                "身份证号",
                "a resident ID number",
                "删去号码",
                "leave the number out",
            ),
            Kind::Mobile => (
                Code::Mobile,
                "手机号码",
                "a mobile number",
                "删去号码，或改写为单位的公开电话",
                "leave it out, or give the hospital's public number",
            ),
            Kind::RecordNumber => (
                Code::RecordNumber,
                "住院号等病历编号",
                "a hospital record number",
                "删去编号",
                "leave the number out",
            ),
            Kind::PatientName => (
                Code::PatientName,
                "患者全名",
                "a patient's full name",
                "写作“患者张某”或“张先生”",
                "write 患者张某 or 张先生 instead",
            ),
        };
        let message = crate::error::Text::new(
            format!("可能公开了个人信息：{what}“{}”", f.masked),
            format!("this may publish personal data: {what_en} \"{}\"", f.masked),
        );
        let hint = crate::error::Text::new(
            format!(
                "个人信息保护法禁止未经同意公开患者信息；{instead}。已获本人同意的，在这一行末尾加上 <!-- privacy: ok -->（front matter 中写 # privacy: ok）"
            ),
            format!(
                "the Personal Information Protection Law forbids publishing it without consent; {instead_en}. If they consented, end the line with <!-- privacy: ok --> (# privacy: ok in the front matter)"
            ),
        );
        let mut d = crate::error::Diagnostic::warning(code, path, message)
            .at(line_no, column)
            .snippet(line)
            .hint(hint);
        if policy.strict {
            d.severity = crate::error::Severity::Error;
        }
        diags.push(d);
    }
}
