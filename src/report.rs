//! `report`: a year of published work as the documents a branch files in
//! winter — the figures beside last year's, activities by type, honors by
//! level, techniques by milestone, joint work and photos — for one branch
//! or for the whole organisation. The figures come from the statistics
//! stage ([`compute_stats`]) for that branch and year, never counted again
//! here; the writers ([`html`], [`docx`], [`xlsx`]) only lay them out.

pub mod docx;
pub mod html;
mod labels;
pub mod xlsx;

use crate::config::Config;
use crate::model::{Branch, Site, Story};
use crate::schema::{FieldValue, field_text};
use crate::stats::{BranchStats, Stats, StatsFilter, Tally, compute_stats};
use crate::text::Lang;

pub use labels::Labels;

/// Photos a branch's report shows at most.
pub const MAX_PHOTOS: usize = 6;

/// A figure of the year beside last year's.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// What is counted (`稿件`, `党建活动`, `服务群众（人次）`, `荣誉 · 国家级`).
    pub label: String,
    /// This year.
    pub this: f64,
    /// Last year.
    pub last: f64,
    /// One value of a kind's headline field (a row the tables of a report
    /// leave out when it is 0 both years).
    pub breakdown: bool,
}

impl Figure {
    /// Whether a report's table shows it.
    pub fn shown(&self) -> bool {
        !self.breakdown || self.this != 0.0 || self.last != 0.0
    }
}

/// Stories of one value of a kind's headline field (活动类型 义诊, 级别 省级 …).
#[derive(Debug)]
pub struct Group<'s> {
    /// The value (`义诊`), or the kind's name when it has no headline field.
    pub value: String,
    /// Its stories, oldest first.
    pub stories: Vec<&'s Story>,
}

/// One kind's stories of the year, grouped.
#[derive(Debug)]
pub struct KindSection<'s> {
    /// Index into `config.kinds`.
    pub kind: usize,
    /// `党建活动（按活动类型）`.
    pub title: String,
    /// Groups in the configured order of values; empty groups left out.
    pub groups: Vec<Group<'s>>,
}

/// A photo of the year: a cover's variant in the image cache.
#[derive(Clone, Debug)]
pub struct Photo {
    /// The encoded file (JPEG or PNG).
    pub file: std::path::PathBuf,
    /// Its URL on the site (under the base path).
    pub url: String,
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
    /// The story's title and date.
    pub caption: String,
}

/// One branch's year.
#[derive(Debug)]
pub struct BranchYear<'s> {
    /// The branch.
    pub branch: &'s Branch,
    /// The year.
    pub year: i16,
    /// Its statistics for the year (stats.json's figures for it).
    pub this: BranchStats,
    /// ... and for the year before.
    pub last: BranchStats,
    /// Every figure beside last year's.
    pub figures: Vec<Figure>,
    /// Each kind's stories, grouped by its headline field.
    pub kinds: Vec<KindSection<'s>>,
    /// Stories done with other branches.
    pub joint: Vec<&'s Story>,
    /// Up to [`MAX_PHOTOS`] covers.
    pub photos: Vec<Photo>,
}

impl BranchYear<'_> {
    /// Whether the branch published nothing that year.
    pub fn is_empty(&self) -> bool {
        self.this.stories == 0
    }
}

/// The whole organisation's year.
#[derive(Debug)]
pub struct OrgYear<'s> {
    /// The year.
    pub year: i16,
    /// The statistics of the year (stats.json's figures for it).
    pub this: Stats,
    /// ... and of the year before.
    pub last: Stats,
    /// The organisation's figures beside last year's.
    pub figures: Vec<Figure>,
    /// Each branch's year, in listing order.
    pub branches: Vec<BranchYear<'s>>,
}

/// The output path of a branch's report of `year` on the site (a folder).
pub fn branch_path(branch: &Branch, year: i16) -> String {
    format!("{}report/{year}/", branch.path)
}

/// The output path of the organisation's report of `year` on the site (a folder).
pub fn org_path(year: i16) -> String {
    format!("report/{year}/")
}

/// The years the portal's published stories span (None without any).
pub fn year_range(site: &Site) -> Option<(i16, i16)> {
    let years = site
        .stories
        .iter()
        .filter(|s| s.published())
        .map(|s| s.date().year());
    let (mut lo, mut hi) = (i16::MAX, i16::MIN);
    for y in years {
        lo = lo.min(y);
        hi = hi.max(y);
    }
    (lo <= hi).then_some((lo, hi))
}

/// The year of branch `b` (index into `site.branches`).
pub fn branch_year<'s>(site: &'s Site, b: usize, year: i16) -> BranchYear<'s> {
    let lang = site.config.language;
    let stats_of = |y: i16| {
        let filter = StatsFilter {
            year: Some(y),
            branch: Some(b),
        };
        compute_stats(site, filter)
            .branches
            .into_iter()
            .next()
            // Filtered to one branch, the statistics hold exactly that one.
            .expect("the branch's own statistics")
    };
    let (this, last) = (stats_of(year), stats_of(year - 1));
    let figures = figures(
        &site.config,
        lang,
        (this.stories, &this.by_kind, &this.metrics, &this.by_field),
        (last.stories, &last.by_kind, &last.metrics, &last.by_field),
    );
    let stories: Vec<&Story> = {
        let mut v: Vec<&Story> = (site.branches[b].stories.iter())
            .map(|&i| &site.stories[i])
            .filter(|s| s.published() && s.date().year() == year)
            .collect();
        v.sort_by(|a, b| (a.date(), &a.meta.title).cmp(&(b.date(), &b.meta.title)));
        v
    };
    let kinds = kind_sections(&site.config, lang, &stories);
    let joint = (stories.iter().copied())
        .filter(|s| !s.with.is_empty())
        .collect();
    let photos = photos(site, &stories);
    BranchYear {
        branch: &site.branches[b],
        year,
        this,
        last,
        figures,
        kinds,
        joint,
        photos,
    }
}

/// The organisation's year, with every branch's.
pub fn org_year(site: &Site, year: i16) -> OrgYear<'_> {
    let lang = site.config.language;
    let stats_of = |y: i16| {
        compute_stats(
            site,
            StatsFilter {
                year: Some(y),
                branch: None,
            },
        )
    };
    let (this, last) = (stats_of(year), stats_of(year - 1));
    let field = |s: &Stats| s.by_field.clone();
    let (this_fields, last_fields) = (field(&this), field(&last));
    let figures = figures(
        &site.config,
        lang,
        (
            this.totals.stories,
            &this.totals.by_kind,
            &this.totals.metrics,
            &this_fields,
        ),
        (
            last.totals.stories,
            &last.totals.by_kind,
            &last.totals.metrics,
            &last_fields,
        ),
    );
    let branches = (0..site.branches.len())
        .map(|b| branch_year(site, b, year))
        .collect();
    OrgYear {
        year,
        this,
        last,
        figures,
        branches,
    }
}

/// (stories, by kind, metrics, enumerated fields) of one year.
type Counts<'a> = (
    u64,
    &'a Tally,
    &'a Tally,
    &'a std::collections::BTreeMap<String, Tally>,
);

/// Every figure, in the dashboard's order: stories, stories per kind, each
/// metric, then each kind's headline values.
fn figures(config: &Config, lang: Lang, this: Counts, last: Counts) -> Vec<Figure> {
    let l = Labels::of(lang);
    let mut out = vec![Figure {
        label: l.stories.to_string(),
        this: this.0 as f64,
        last: last.0 as f64,
        breakdown: false,
    }];
    for k in &config.kinds {
        out.push(Figure {
            label: k.display(lang).to_string(),
            this: this.1.get(&k.key),
            last: last.1.get(&k.key),
            breakdown: false,
        });
    }
    for m in &config.metrics {
        let name = crate::format::label(&m.label, m.label_en.as_deref(), lang);
        let unit = crate::format::label(&m.unit, m.unit_en.as_deref(), lang);
        let label = if unit.is_empty() {
            name.to_string()
        } else {
            format!("{name}{}{unit}{}", l.open, l.close)
        };
        out.push(Figure {
            label,
            this: this.2.get(&m.key),
            last: last.2.get(&m.key),
            breakdown: false,
        });
    }
    for k in &config.kinds {
        let Some(h) = &k.headline else { continue };
        let key = format!("{}.{h}", k.key);
        let (Some(t), Some(p)) = (this.3.get(&key), last.3.get(&key)) else {
            continue;
        };
        for (value, n) in &t.0 {
            out.push(Figure {
                label: format!("{} · {value}", k.display(lang)),
                this: n.0,
                last: p.get(value),
                breakdown: true,
            });
        }
    }
    out
}

/// Each kind with stories that year, its stories grouped by its headline field.
fn kind_sections<'s>(config: &Config, lang: Lang, stories: &[&'s Story]) -> Vec<KindSection<'s>> {
    let l = Labels::of(lang);
    let mut out = Vec::new();
    for (i, k) in config.kinds.iter().enumerate() {
        let of_kind: Vec<&Story> = (stories.iter().copied())
            .filter(|s| s.meta.kind == i)
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        let headline = k.headline.as_ref().and_then(|h| Some((h, k.field(h)?)));
        let (title, groups) = match headline {
            Some((h, spec)) => {
                let field_label = crate::format::label(
                    spec.label.as_deref().unwrap_or(h),
                    spec.label_en.as_deref(),
                    lang,
                );
                let value_of = |s: &Story| {
                    (s.meta.fields.iter())
                        .find(|(f, _)| f == h)
                        .map(|(_, v)| field_text(v))
                        .unwrap_or_default()
                };
                let mut values: Vec<String> = spec.values.clone();
                for s in &of_kind {
                    let v = value_of(s);
                    if !values.contains(&v) {
                        values.push(v);
                    }
                }
                let groups = values
                    .into_iter()
                    .map(|v| Group {
                        stories: (of_kind.iter().copied())
                            .filter(|s| value_of(s) == v)
                            .collect(),
                        value: v,
                    })
                    .filter(|g| !g.stories.is_empty())
                    .collect();
                (
                    format!(
                        "{}{}{}{}{}",
                        k.display(lang),
                        l.open,
                        l.by,
                        field_label,
                        l.close
                    ),
                    groups,
                )
            }
            None => (
                k.display(lang).to_string(),
                vec![Group {
                    value: k.display(lang).to_string(),
                    stories: of_kind,
                }],
            ),
        };
        out.push(KindSection {
            kind: i,
            title,
            groups,
        });
    }
    out
}

/// The fields of a story worth a line in a report, besides its headline
/// field (and its metrics, with `metrics`): `地点：社区卫生服务中心；已开展例数：12`.
pub fn details(config: &Config, lang: Lang, story: &Story, metrics: bool) -> String {
    let kind = &config.kinds[story.meta.kind];
    let l = Labels::of(lang);
    let mut parts: Vec<String> = Vec::new();
    for (f, spec) in &kind.fields {
        if Some(f) == kind.headline.as_ref() {
            continue;
        }
        let Some((_, v)) = story.meta.fields.iter().find(|(k, _)| k == f) else {
            continue;
        };
        let text = match v {
            FieldValue::Bool(true) => l.yes.to_string(),
            FieldValue::Bool(false) => continue,
            other => field_text(other),
        };
        if text.is_empty() {
            continue;
        }
        let name = crate::format::label(
            spec.label.as_deref().unwrap_or(f),
            spec.label_en.as_deref(),
            lang,
        );
        parts.push(format!("{name}{}{text}", l.colon));
    }
    for (m, v) in story.meta.metrics.iter().filter(|_| metrics) {
        let m = &config.metrics[*m];
        let name = crate::format::label(&m.label, m.label_en.as_deref(), lang);
        let unit = crate::format::label(&m.unit, m.unit_en.as_deref(), lang);
        parts.push(
            format!("{name}{}{} {unit}", l.colon, crate::format::Num(*v))
                .trim_end()
                .to_string(),
        );
    }
    parts.join(l.separator)
}

/// Up to [`MAX_PHOTOS`] photos of the year's stories (each story's cover,
/// or the first photo of its body), in date order; the variant at least
/// 960 px wide (or the widest).
fn photos(site: &Site, stories: &[&Story]) -> Vec<Photo> {
    let lang = site.config.language;
    let base = site.config.base_path();
    stories
        .iter()
        .filter_map(|s| {
            let image = (s.cover.as_deref())
                .or_else(|| first_photo(&s.body.html, base))
                .and_then(|p| site.images.get(p))?;
            let v = image.at_least(960);
            Some(Photo {
                file: v.file.clone(),
                url: format!("{base}{}", v.path),
                width: v.width,
                height: v.height,
                caption: format!(
                    "{}（{}）",
                    s.meta.title,
                    crate::format::format_date(s.date(), lang)
                ),
            })
        })
        .take(MAX_PHOTOS)
        .collect()
}

/// The output path of the first processed photo of a rendered body.
fn first_photo<'h>(html: &'h str, base: &str) -> Option<&'h str> {
    let at = html.find("<img ")?;
    let rest = &html[at..];
    let src = rest.split("src=\"").nth(1)?.split('"').next()?;
    src.strip_prefix(base)
}

/// The other branches a story was done with, seen from `branch`'s report:
/// `外科党支部、急诊医学科党支部` (empty when it was its own alone).
pub fn partners(site: &Site, story: &Story, branch: &Branch) -> String {
    let names: Vec<&str> = std::iter::once(story.branch)
        .chain(story.with.iter().copied())
        .map(|b| site.branches[b].meta.name.as_str())
        .filter(|n| *n != branch.meta.name)
        .collect();
    names.join("、")
}

/// A change as text: `+3`, `-2`, `0`.
pub fn change(f: &Figure) -> String {
    let d = f.this - f.last;
    if d > 0.0 {
        format!("+{}", crate::format::Num(d))
    } else {
        crate::format::Num(d).to_string()
    }
}
