//! A report as a print-ready HTML page: A4, the theme's fonts, a page
//! break between branches; photos embedded (a file that prints anywhere)
//! or by their URL on the site.

use std::fmt::Write as _;

use base64::Engine as _;

use super::{BranchYear, Figure, Labels, OrgYear, Photo, change, details, partners};
use crate::format::{Num, format_date};
use crate::html::escape;
use crate::model::Site;

/// How photos are referred to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Photos {
    /// Embedded as data URIs: the file stands alone.
    Embedded,
    /// By their URL on the site.
    Linked,
}

/// The print stylesheet: A4 with 2 cm margins, the default theme's fonts.
const STYLE: &str = "@page{size:A4;margin:20mm 18mm}\
*{box-sizing:border-box}\
body{margin:0 auto;max-width:210mm;padding:12mm;color:#1d1f23;background:#fff;font:15px/1.7 system-ui,-apple-system,\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",sans-serif}\
h1{font-size:22px;text-align:center;margin:0 0 6px}\
.sub{text-align:center;color:#595f69;margin:0 0 18px;font-size:13px}\
h2{font-size:17px;margin:22px 0 8px;padding-left:8px;border-left:4px solid #b5121b;break-after:avoid}\
h3{font-size:15px;margin:14px 0 6px;break-after:avoid}\
table{width:100%;border-collapse:collapse;margin:6px 0 12px;font-size:13.5px}\
th,td{border:1px solid #c9c2b8;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#f3eee8}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
tr{break-inside:avoid}\
dl{display:grid;grid-template-columns:7em 1fr;gap:2px 12px;margin:0}\
dt{color:#595f69}dd{margin:0}\
ul.stories{margin:0 0 8px;padding-left:1.2em}\
ul.stories li{margin:2px 0}\
.d{color:#595f69;font-size:13px}\
.photos{display:grid;grid-template-columns:1fr 1fr;gap:10px}\
figure{margin:0;break-inside:avoid}\
figure img{display:block;width:100%;height:auto}\
figcaption{font-size:12.5px;color:#595f69;text-align:center}\
.blank{min-height:60px;border:1px dashed #c9c2b8;padding:6px 10px;color:#595f69}\
.branch{break-before:page}\
.note{color:#595f69;font-size:13px}\
@media print{body{padding:0;max-width:none}}";

/// One branch's report as a whole page.
pub fn branch_page(site: &Site, year: &BranchYear, photos: Photos) -> String {
    let l = Labels::of(site.config.language);
    let title = l.branch_title(&year.branch.meta.name, year.year);
    let mut body = String::new();
    branch_section(&mut body, site, year, photos, false);
    page(site, &title, &body)
}

/// The organisation's report: its overview, then every branch's, each on
/// pages of its own.
pub fn org_page(site: &Site, org: &OrgYear, photos: Photos) -> String {
    let lang = site.config.language;
    let l = Labels::of(lang);
    let title = l.org_title(&site.config.title, org.year);
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><p class=\"sub\">{}</p>",
        escape(&title),
        escape(l.source)
    );
    let _ = write!(b, "<h2>{}</h2>", l.figures);
    figure_table(&mut b, l, &org.figures);
    let _ = write!(
        b,
        "<h2>{}</h2><p class=\"note\">{}</p>",
        l.overview, l.overview_note
    );
    // One row per branch: its stories, stories per kind and metrics of the
    // year (no ranking: portal order; the breakdowns are in each branch's part).
    let _ = write!(b, "<table><thead><tr><th>{}</th>", l.branch);
    for f in org.figures.iter().filter(|f| !f.breakdown) {
        let _ = write!(b, "<th class=\"n\">{}</th>", escape(&f.label));
    }
    b.push_str("</tr></thead><tbody>");
    for by in &org.branches {
        let _ = write!(b, "<tr><td>{}</td>", escape(&by.branch.meta.name));
        for f in by.figures.iter().filter(|f| !f.breakdown) {
            let _ = write!(b, "<td class=\"n\">{}</td>", Num(f.this));
        }
        b.push_str("</tr>");
    }
    b.push_str("</tbody></table>");
    for by in &org.branches {
        branch_section(&mut b, site, by, photos, true);
    }
    page(site, &title, &b)
}

fn page(site: &Site, title: &str, body: &str) -> String {
    let lang = match site.config.language {
        crate::text::Lang::ZhCn => "zh-CN",
        crate::text::Lang::En => "en",
    };
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>{body}</body></html>\n",
        escape(title)
    )
}

/// One branch's part: on a new page when `paged`.
fn branch_section(b: &mut String, site: &Site, by: &BranchYear, photos: Photos, paged: bool) {
    let config = &site.config;
    let lang = config.language;
    let l = Labels::of(lang);
    let meta = &by.branch.meta;
    let _ = write!(
        b,
        "<section{}><h1>{}</h1><p class=\"sub\">{}</p>",
        if paged { " class=\"branch\"" } else { "" },
        escape(&l.branch_title(&meta.name, by.year)),
        escape(l.source)
    );
    let _ = write!(b, "<h2>{}</h2><dl>", l.profile);
    let mut row = |k: &str, v: &str| {
        if !v.is_empty() {
            let _ = write!(b, "<dt>{}</dt><dd>{}</dd>", escape(k), escape(v));
        }
    };
    row(l.secretary, meta.secretary.as_deref().unwrap_or_default());
    row(
        l.members,
        &meta.members.map(|m| m.to_string()).unwrap_or_default(),
    );
    row(l.departments, &meta.departments.join("、"));
    row(l.brand, meta.brand.as_deref().unwrap_or_default());
    b.push_str("</dl>");
    if by.is_empty() {
        let _ = write!(b, "<p>{}</p>", l.nothing);
    }
    let _ = write!(b, "<h2>{}</h2>", l.figures);
    figure_table(b, l, &by.figures);
    for section in &by.kinds {
        let _ = write!(b, "<h2>{}</h2>", escape(&section.title));
        for g in &section.groups {
            let _ = write!(
                b,
                "<h3>{}{}{}{}</h3><ul class=\"stories\">",
                escape(&g.value),
                l.open,
                g.stories.len(),
                l.close
            );
            for s in &g.stories {
                let d = details(config, lang, s, true);
                let _ = write!(
                    b,
                    "<li>{} {}{}</li>",
                    escape(&format_date(s.date(), lang)),
                    escape(&s.meta.title),
                    if d.is_empty() {
                        String::new()
                    } else {
                        format!("<br><span class=\"d\">{}</span>", escape(&d))
                    }
                );
            }
            b.push_str("</ul>");
        }
    }
    let _ = write!(b, "<h2>{}</h2>", l.joint);
    if by.joint.is_empty() {
        let _ = write!(b, "<p>{}</p>", l.no_joint);
    } else {
        b.push_str("<ul class=\"stories\">");
        for s in &by.joint {
            let _ = write!(
                b,
                "<li>{} {}<br><span class=\"d\">{}{}{}</span></li>",
                escape(&format_date(s.date(), lang)),
                escape(&s.meta.title),
                l.with,
                l.colon,
                escape(&partners(site, s, by.branch))
            );
        }
        b.push_str("</ul>");
    }
    if !by.photos.is_empty() {
        let _ = write!(b, "<h2>{}</h2><div class=\"photos\">", l.photos);
        for p in &by.photos {
            photo(b, p, photos);
        }
        b.push_str("</div>");
    }
    let _ = write!(
        b,
        "<h2>{}</h2><p class=\"blank\">{}</p><h2>{}</h2><p class=\"blank\">{}</p></section>",
        l.problems, l.problems_prompt, l.plans, l.plans_prompt
    );
}

fn photo(b: &mut String, p: &Photo, mode: Photos) {
    let src = match mode {
        Photos::Linked => p.url.clone(),
        Photos::Embedded => match std::fs::read(&p.file) {
            Ok(bytes) => {
                let mime = if p.url.ends_with(".png") {
                    "image/png"
                } else {
                    "image/jpeg"
                };
                format!(
                    "data:{mime};base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(bytes)
                )
            }
            Err(_) => return,
        },
    };
    let _ = write!(
        b,
        "<figure><img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\"><figcaption>{}</figcaption></figure>",
        escape(&src),
        escape(&p.caption),
        p.width,
        p.height,
        escape(&p.caption)
    );
}

fn figure_table(b: &mut String, l: &Labels, figures: &[Figure]) {
    let _ = write!(
        b,
        "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        l.item, l.this_year, l.last_year, l.change
    );
    for f in figures.iter().filter(|f| f.shown()) {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&f.label),
            Num(f.this),
            Num(f.last),
            change(f)
        );
    }
    b.push_str("</tbody></table>");
}
