//! A report as a Word document (docx-rs): A4, headings a reader can
//! navigate by (Word's and WPS's own "Heading" styles), the figures as a
//! table, the stories as lists, up to six photos, and empty 存在问题 and
//! 下一步打算 sections for the secretary to write.

use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Pic, Run, RunFonts, Shading, Style,
    StyleType, Table, TableCell, TableRow, WidthType,
};

use super::{BranchYear, Figure, Labels, OrgYear, change, details, partners};
use crate::format::{Num, format_date};
use crate::model::Site;

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11906, 16838);
/// The text width of an A4 page with 2 cm side margins, in twips.
const TEXT_WIDTH: usize = 11906 - 2 * 1134;
/// EMUs per pixel at 96 dpi.
const EMU_PER_PX: u32 = 9525;
/// A photo's width in the document: half the text width, in pixels at 96 dpi.
const PHOTO_PX: u32 = 300;

/// One branch's report.
pub fn branch_document(site: &Site, by: &BranchYear) -> Result<Vec<u8>, std::io::Error> {
    let mut doc = document(site, by.year);
    doc = branch_part(doc, site, by, false);
    pack(doc)
}

/// The organisation's report: the overview, then each branch on new pages.
pub fn org_document(site: &Site, org: &OrgYear) -> Result<Vec<u8>, std::io::Error> {
    let l = Labels::of(site.config.language);
    let mut doc = document(site, org.year);
    doc = doc
        .add_paragraph(title(&l.org_title(&site.config.title, org.year)))
        .add_paragraph(note(l.source))
        .add_paragraph(heading(1, l.figures))
        .add_table(figure_table(l, &org.figures))
        .add_paragraph(heading(1, l.overview))
        .add_paragraph(note(l.overview_note));
    // A row per branch, in the portal's order: this year's stories, stories
    // per kind and metrics (the breakdowns and last year's figures are in
    // each branch's part).
    let columns: Vec<&Figure> = org.figures.iter().filter(|f| !f.breakdown).collect();
    let mut rows = vec![TableRow::new(
        std::iter::once(head_cell(l.branch))
            .chain(columns.iter().map(|f| head_cell(&f.label)))
            .collect(),
    )];
    for by in &org.branches {
        rows.push(TableRow::new(
            std::iter::once(cell(&by.branch.meta.name))
                .chain(
                    by.figures
                        .iter()
                        .filter(|f| !f.breakdown)
                        .map(|f| number_cell(f.this)),
                )
                .collect(),
        ));
    }
    doc = doc.add_table(Table::new(rows).width(TEXT_WIDTH, WidthType::Dxa));
    for by in &org.branches {
        doc = branch_part(doc, site, by, true);
    }
    pack(doc)
}

fn pack(doc: Docx) -> Result<Vec<u8>, std::io::Error> {
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(std::io::Error::other)?;
    Ok(out.into_inner())
}

/// An A4 document with the heading styles and Chinese fonts; dated the
/// year's last day, so two runs write the same bytes.
fn document(_site: &Site, year: i16) -> Docx {
    let date = format!("{year}-12-31T00:00:00Z");
    let fonts = RunFonts::new()
        .east_asia("宋体")
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman");
    let heading_fonts = RunFonts::new()
        .east_asia("黑体")
        .ascii("Arial")
        .hi_ansi("Arial");
    Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1134)
                .right(1134),
        )
        .default_fonts(fonts)
        .default_size(24)
        .created_at(&date)
        .updated_at(&date)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(40)
                .bold()
                .fonts(heading_fonts.clone())
                .align(AlignmentType::Center),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .size(30)
                .bold()
                .fonts(heading_fonts.clone())
                .outline_lvl(0),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("Heading 2")
                .size(26)
                .bold()
                .fonts(heading_fonts)
                .outline_lvl(1),
        )
}

/// A photo as PNG, at most [`PHOTO_PX`] × 2 wide (sharp when printed):
/// docx-rs files every image as a .png, so a JPEG is converted rather than
/// left for Word and WPS to guess.
fn png_of(file: &std::path::Path) -> Option<Vec<u8>> {
    let img = image::open(file).ok()?;
    let img = if img.width() > PHOTO_PX * 2 {
        img.resize(
            PHOTO_PX * 2,
            u32::MAX,
            image::imageops::FilterType::Triangle,
        )
    } else {
        img
    };
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).ok()?;
    Some(out.into_inner())
}

fn title(text: &str) -> Paragraph {
    Paragraph::new()
        .style("Title")
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text(text))
}

fn heading(level: u8, text: &str) -> Paragraph {
    Paragraph::new()
        .style(if level == 1 { "Heading1" } else { "Heading2" })
        .add_run(Run::new().add_text(text))
}

fn text(t: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(t))
}

fn note(t: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(t).size(20).color("595F69"))
}

fn cell(t: &str) -> TableCell {
    TableCell::new().add_paragraph(text(t))
}

fn head_cell(t: &str) -> TableCell {
    TableCell::new()
        .shading(Shading::new().fill("F3EEE8"))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(t).bold()))
}

fn number_cell(n: f64) -> TableCell {
    TableCell::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(Run::new().add_text(Num(n).to_string())),
    )
}

fn figure_table(l: &Labels, figures: &[Figure]) -> Table {
    let mut rows = vec![TableRow::new(vec![
        head_cell(l.item),
        head_cell(l.this_year),
        head_cell(l.last_year),
        head_cell(l.change),
    ])];
    for f in figures.iter().filter(|f| f.shown()) {
        rows.push(TableRow::new(vec![
            cell(&f.label),
            number_cell(f.this),
            number_cell(f.last),
            TableCell::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(Run::new().add_text(change(f))),
            ),
        ]));
    }
    Table::new(rows)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .set_grid(vec![
            TEXT_WIDTH / 2,
            TEXT_WIDTH / 6,
            TEXT_WIDTH / 6,
            TEXT_WIDTH / 6,
        ])
}

/// One branch's part, on a new page when `paged`.
fn branch_part(mut doc: Docx, site: &Site, by: &BranchYear, paged: bool) -> Docx {
    let config = &site.config;
    let lang = config.language;
    let l = Labels::of(lang);
    let meta = &by.branch.meta;
    let mut t = title(&l.branch_title(&meta.name, by.year));
    if paged {
        t = t.page_break_before(true);
    }
    doc = doc
        .add_paragraph(t)
        .add_paragraph(note(l.source))
        .add_paragraph(heading(1, l.profile));
    let profile = [
        (l.secretary, meta.secretary.clone().unwrap_or_default()),
        (
            l.members,
            meta.members.map(|m| m.to_string()).unwrap_or_default(),
        ),
        (l.departments, meta.departments.join("、")),
        (l.brand, meta.brand.clone().unwrap_or_default()),
    ];
    for (k, v) in profile.iter().filter(|(_, v)| !v.is_empty()) {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(format!("{k}{}", l.colon)).bold())
                .add_run(Run::new().add_text(v.as_str())),
        );
    }
    if by.is_empty() {
        doc = doc.add_paragraph(text(l.nothing));
    }
    doc = doc
        .add_paragraph(heading(1, l.figures))
        .add_table(figure_table(l, &by.figures));
    for section in &by.kinds {
        doc = doc.add_paragraph(heading(1, &section.title));
        for g in &section.groups {
            doc = doc.add_paragraph(heading(
                2,
                &format!("{}{}{}{}", g.value, l.open, g.stories.len(), l.close),
            ));
            for s in &g.stories {
                let mut p = Paragraph::new()
                    .add_run(
                        Run::new()
                            .add_text(format!("{} ", format_date(s.date(), lang)))
                            .color("595F69"),
                    )
                    .add_run(Run::new().add_text(s.meta.title.as_str()));
                let d = details(config, lang, s, true);
                if !d.is_empty() {
                    p = p
                        .add_run(Run::new().add_break(BreakType::TextWrapping))
                        .add_run(Run::new().add_text(d).size(21).color("595F69"));
                }
                doc = doc.add_paragraph(p);
            }
        }
    }
    doc = doc.add_paragraph(heading(1, l.joint));
    if by.joint.is_empty() {
        doc = doc.add_paragraph(text(l.no_joint));
    }
    for s in &by.joint {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(format!(
                    "{} {}",
                    format_date(s.date(), lang),
                    s.meta.title
                )))
                .add_run(Run::new().add_break(BreakType::TextWrapping))
                .add_run(
                    Run::new()
                        .add_text(format!(
                            "{}{}{}",
                            l.with,
                            l.colon,
                            partners(site, s, by.branch)
                        ))
                        .size(21)
                        .color("595F69"),
                ),
        );
    }
    if !by.photos.is_empty() {
        doc = doc.add_paragraph(heading(1, l.photos));
        for p in &by.photos {
            let Some(bytes) = png_of(&p.file) else {
                continue;
            };
            let h = PHOTO_PX * p.height / p.width.max(1);
            let pic = Pic::new_with_dimensions(bytes, p.width.min(PHOTO_PX * 2), p.height)
                .size(PHOTO_PX * EMU_PER_PX, h * EMU_PER_PX);
            doc = doc
                .add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_image(pic)),
                )
                .add_paragraph(
                    Paragraph::new().align(AlignmentType::Center).add_run(
                        Run::new()
                            .add_text(p.caption.as_str())
                            .size(20)
                            .color("595F69"),
                    ),
                );
        }
    }
    doc.add_paragraph(heading(1, l.problems))
        .add_paragraph(note(l.problems_prompt))
        .add_paragraph(text(""))
        .add_paragraph(heading(1, l.plans))
        .add_paragraph(note(l.plans_prompt))
        .add_paragraph(text(""))
}
