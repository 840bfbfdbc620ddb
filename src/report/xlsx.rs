//! A report as an Excel workbook (rust_xlsxwriter): a summary sheet with a
//! row per branch (the year's figures and last year's), and a sheet per
//! branch listing every story of the year. Numbers are numbers, dates are
//! dates, headers frozen, columns sized for Chinese text.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::{BranchYear, Labels, OrgYear, details, partners};
use crate::han::display_width;
use crate::model::Site;

/// Column widths, in characters (a Han character counts two).
struct Widths(Vec<usize>);

impl Widths {
    fn see(&mut self, col: u16, text: &str) {
        let col = col as usize;
        if self.0.len() <= col {
            self.0.resize(col + 1, 0);
        }
        self.0[col] = self.0[col].max(display_width(text.chars()));
    }

    fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (c, w) in self.0.iter().enumerate() {
            ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(8.0, 60.0))?;
        }
        Ok(())
    }
}

/// The workbook of `branches` (one, or every branch of `org`).
pub fn workbook(
    site: &Site,
    org: Option<&OrgYear>,
    branches: &[&BranchYear],
) -> Result<Vec<u8>, XlsxError> {
    let lang = site.config.language;
    let l = Labels::of(lang);
    let mut wb = Workbook::new();
    // Dated the year's last day, not now: two runs write the same bytes.
    let year = branches.first().map_or(2000, |b| b.year);
    let dated = ExcelDateTime::from_ymd(year as u16, 12, 31)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&dated));
    let header = Format::new()
        .set_bold()
        .set_background_color("F3EEE8")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");

    // The summary: a row per branch, each figure this year and last.
    let ws = wb.add_worksheet();
    ws.set_name(l.summary_sheet)?;
    let mut widths = Widths(Vec::new());
    ws.merge_range(0, 0, 1, 0, l.branch, &header)?;
    widths.see(0, l.branch);
    let figures = branches
        .first()
        .map(|b| b.figures.as_slice())
        .unwrap_or_default();
    for (i, f) in figures.iter().enumerate() {
        let col = 1 + 2 * i as u16;
        ws.merge_range(0, col, 0, col + 1, &f.label, &header)?;
        ws.write_string_with_format(1, col, l.this_year, &header)?;
        ws.write_string_with_format(1, col + 1, l.last_year, &header)?;
        let half = display_width(f.label.chars()).div_ceil(2);
        widths.see(col, &"x".repeat(half.max(6)));
        widths.see(col + 1, &"x".repeat(half.max(6)));
    }
    let mut row = 2;
    for by in branches {
        ws.write_string(row, 0, &by.branch.meta.name)?;
        widths.see(0, &by.branch.meta.name);
        for (i, f) in by.figures.iter().enumerate() {
            let col = 1 + 2 * i as u16;
            ws.write_number(row, col, f.this)?;
            ws.write_number(row, col + 1, f.last)?;
        }
        row += 1;
    }
    if let Some(org) = org {
        // The organisation: a joint story once (stats.json's totals).
        let total = match lang {
            crate::text::Lang::ZhCn => "全院合计（联合稿件计一次）",
            crate::text::Lang::En => "Whole organisation (a joint story once)",
        };
        ws.write_string_with_format(row, 0, total, &Format::new().set_bold())?;
        widths.see(0, total);
        for (i, f) in org.figures.iter().enumerate() {
            let col = 1 + 2 * i as u16;
            ws.write_number(row, col, f.this)?;
            ws.write_number(row, col + 1, f.last)?;
        }
    }
    ws.set_freeze_panes(2, 1)?;
    widths.apply(ws)?;

    // A sheet per branch: every story of the year.
    let config = &site.config;
    let mut used: Vec<String> = vec![l.summary_sheet.to_string()];
    for by in branches {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&by.branch.meta.name, &mut used))?;
        let mut widths = Widths(Vec::new());
        let mut heads: Vec<String> = [l.date, l.title, l.kind, l.group]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for m in &config.metrics {
            let name = crate::format::label(&m.label, m.label_en.as_deref(), lang);
            let unit = crate::format::label(&m.unit, m.unit_en.as_deref(), lang);
            heads.push(if unit.is_empty() {
                name.to_string()
            } else {
                format!("{name}{}{unit}{}", l.open, l.close)
            });
        }
        heads.push(l.with.to_string());
        let details_col = heads.len() as u16;
        heads.push(match lang {
            crate::text::Lang::ZhCn => "其他信息".to_string(),
            crate::text::Lang::En => "Details".to_string(),
        });
        for (c, h) in heads.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &header)?;
            widths.see(c as u16, h);
        }
        // Every story of the year in date order, with its kind and group.
        let mut listed: Vec<(&crate::model::Story, usize, &str)> = (by.kinds.iter())
            .flat_map(|section| {
                (section.groups.iter()).flat_map(move |g| {
                    g.stories
                        .iter()
                        .map(move |s| (*s, section.kind, g.value.as_str()))
                })
            })
            .collect();
        listed.sort_by(|a, b| (a.0.date(), &a.0.meta.title).cmp(&(b.0.date(), &b.0.meta.title)));
        let mut row = 1;
        for (s, kind_index, group) in listed {
            let kind = &config.kinds[kind_index];
            let d = s.date();
            let when = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, 0, when, &date)?;
            widths.see(0, "2024-05-02");
            ws.write_string(row, 1, &s.meta.title)?;
            widths.see(1, &s.meta.title);
            let kind_name = kind.display(lang);
            ws.write_string(row, 2, kind_name)?;
            widths.see(2, kind_name);
            if kind.headline.is_some() {
                ws.write_string(row, 3, group)?;
                widths.see(3, group);
            }
            for (i, m) in config.metrics.iter().enumerate() {
                let value = (s.meta.metrics.iter()).find(|(k, _)| config.metrics[*k].key == m.key);
                if let Some((_, v)) = value {
                    ws.write_number(row, 4 + i as u16, *v)?;
                }
            }
            let with = partners(site, s, by.branch);
            if !with.is_empty() {
                ws.write_string(row, details_col - 1, &with)?;
                widths.see(details_col - 1, &with);
            }
            let more = details(config, lang, s, false);
            if !more.is_empty() {
                ws.write_string(row, details_col, &more)?;
                widths.see(details_col, &more);
            }
            row += 1;
        }
        if row == 1 {
            ws.write_string(1, 1, l.nothing)?;
        }
        ws.set_freeze_panes(1, 0)?;
        widths.apply(ws)?;
    }
    wb.save_to_buffer()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`,
/// unique in the workbook.
fn sheet_name(name: &str, used: &mut Vec<String>) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let mut candidate = clean.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&candidate)) {
        candidate = format!("{clean}({n})");
        n += 1;
    }
    used.push(candidate.clone());
    candidate
}
