//! Aggregate stage: statistics over the site, computed once before any
//! rendering. Drafts never count (they are not in the model); a joint story
//! counts once in totals and once for each branch that took part. Every
//! configured kind, metric and enumerated value appears, with 0 where
//! nothing counts. Serialises to stats.json; also written as CSV and tables.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::config::Config;
use crate::han::char_width;
use crate::model::{Site, Story};
use crate::schema::FieldValue;
use crate::text::Lang;

pub use crate::format::Num;

/// Named numbers in configured order, serialised as a JSON object.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally(pub Vec<(String, Num)>);

impl Tally {
    fn zeros<'a>(keys: impl Iterator<Item = &'a str>) -> Tally {
        Tally(keys.map(|k| (k.to_string(), Num(0.0))).collect())
    }

    fn add(&mut self, key: &str, n: f64) {
        if let Some(slot) = self.0.iter_mut().find(|(k, _)| k == key) {
            slot.1.0 += n;
        }
    }

    /// The value for `key` (0 when absent).
    pub fn get(&self, key: &str) -> f64 {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map_or(0.0, |(_, n)| n.0)
    }
}

impl Serialize for Tally {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Stories, stories per kind and summed metrics of some set of stories.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Bucket {
    /// Number of stories.
    pub stories: u64,
    /// Stories per kind.
    pub by_kind: Tally,
    /// Metrics summed.
    pub metrics: Tally,
}

impl Bucket {
    fn new(config: &Config) -> Bucket {
        Bucket {
            stories: 0,
            by_kind: Tally::zeros(config.kinds.iter().map(|k| k.key.as_str())),
            metrics: Tally::zeros(config.metrics.iter().map(|m| m.key.as_str())),
        }
    }

    fn add(&mut self, story: &Story, config: &Config) {
        self.stories += 1;
        self.by_kind.add(&config.kinds[story.meta.kind].key, 1.0);
        for (m, v) in &story.meta.metrics {
            self.metrics.add(&config.metrics[*m].key, *v);
        }
    }
}

/// Site-wide totals.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Totals {
    /// Number of branches.
    pub branches: u64,
    /// Party members, summed over branches.
    pub members: i64,
    /// Number of stories (a joint story once).
    pub stories: u64,
    /// Stories per kind.
    pub by_kind: Tally,
    /// Metrics summed.
    pub metrics: Tally,
}

/// One branch's figures.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BranchStats {
    /// Folder name.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// The general branch's slug.
    pub parent: Option<String>,
    /// Party members.
    pub members: i64,
    /// Stories it took part in.
    pub stories: u64,
    /// Stories per kind.
    pub by_kind: Tally,
    /// Metrics summed.
    pub metrics: Tally,
    /// Enumerated fields counted (`honors.level` → {国家级: 1, …}).
    pub by_field: BTreeMap<String, Tally>,
    /// Per year.
    pub by_year: BTreeMap<String, Bucket>,
}

/// Everything the dashboard shows, for templates and for stats.json.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Stats {
    /// Site-wide totals.
    pub totals: Totals,
    /// Per branch, in listing order.
    pub branches: Vec<BranchStats>,
    /// Per year (every year from the first story's to the last's).
    pub by_year: BTreeMap<String, Bucket>,
    /// Per month, `YYYY-MM` (every month from the first to the last).
    pub by_month: BTreeMap<String, Bucket>,
    /// The headline field of each kind: `honors_by_level`, `techniques_by_milestone` …
    #[serde(flatten)]
    pub headlines: BTreeMap<String, Tally>,
    /// Every enumerated field of every kind, keyed `kind.field`.
    pub by_field: BTreeMap<String, Tally>,
}

/// Which stories to count.
#[derive(Clone, Copy, Debug, Default)]
pub struct StatsFilter {
    /// Only stories of this year.
    pub year: Option<i16>,
    /// Only this branch (index into `site.branches`).
    pub branch: Option<usize>,
}

/// Computes the statistics of `site`, restricted by `filter`.
pub fn compute_stats(site: &Site, filter: StatsFilter) -> Stats {
    let config = &site.config;
    let keep: Vec<bool> = site
        .stories
        .iter()
        .map(|s| {
            // `build --drafts` previews drafts, but they never count.
            s.published()
                && filter.year.is_none_or(|y| s.date().year() == y)
                && filter.branch.is_none_or(|b| s.involves(b))
        })
        .collect();
    let selected: Vec<&Story> = site
        .stories
        .iter()
        .zip(&keep)
        .filter_map(|(s, k)| k.then_some(s))
        .collect();
    let branch_ids: Vec<usize> = match filter.branch {
        Some(b) => vec![b],
        None => (0..site.branches.len()).collect(),
    };
    let mut all = Bucket::new(config);
    let mut by_field = field_tallies(config);
    let (mut by_year, mut by_month) = (BTreeMap::new(), BTreeMap::new());
    fill_periods(&selected, config, &mut by_year, &mut by_month);
    for s in &selected {
        all.add(s, config);
        count_fields(s, config, &mut by_field);
        let y = s.date().year().to_string();
        if let Some(b) = by_year.get_mut(&y) {
            b.add(s, config);
        }
        let m = format!("{y}-{:02}", s.date().month());
        if let Some(b) = by_month.get_mut(&m) {
            b.add(s, config);
        }
    }
    let branches: Vec<BranchStats> = branch_ids
        .par_iter()
        .map(|&b| branch_stats(site, b, &keep))
        .collect();
    let headlines = config
        .kinds
        .iter()
        .filter_map(|k| {
            let h = k.headline.as_ref()?;
            Some((
                format!("{}_by_{h}", k.key),
                by_field.get(&format!("{}.{h}", k.key))?.clone(),
            ))
        })
        .collect();
    Stats {
        totals: Totals {
            branches: branches.len() as u64,
            members: branches.iter().map(|b| b.members).sum(),
            stories: all.stories,
            by_kind: all.by_kind,
            metrics: all.metrics,
        },
        branches,
        by_year,
        by_month,
        headlines,
        by_field,
    }
}

fn field_tallies(config: &Config) -> BTreeMap<String, Tally> {
    let mut out = BTreeMap::new();
    for k in &config.kinds {
        for (f, spec) in k.fields.iter().filter(|(_, s)| !s.values.is_empty()) {
            out.insert(
                format!("{}.{f}", k.key),
                Tally::zeros(spec.values.iter().map(String::as_str)),
            );
        }
    }
    out
}

fn count_fields(story: &Story, config: &Config, tallies: &mut BTreeMap<String, Tally>) {
    let kind = &config.kinds[story.meta.kind].key;
    for (f, v) in &story.meta.fields {
        let Some(t) = tallies.get_mut(&format!("{kind}.{f}")) else {
            continue;
        };
        match v {
            FieldValue::Text(s) => t.add(s, 1.0),
            FieldValue::List(items) => items.iter().for_each(|s| t.add(s, 1.0)),
            _ => {}
        }
    }
}

/// Creates empty buckets for every year and month between the first story and the last.
fn fill_periods(
    stories: &[&Story],
    config: &Config,
    years: &mut BTreeMap<String, Bucket>,
    months: &mut BTreeMap<String, Bucket>,
) {
    let (Some(first), Some(last)) = (
        stories.iter().map(|s| s.date()).min(),
        stories.iter().map(|s| s.date()).max(),
    ) else {
        return;
    };
    for y in first.year()..=last.year() {
        years.insert(y.to_string(), Bucket::new(config));
        let (from, to) = (
            if y == first.year() { first.month() } else { 1 },
            if y == last.year() { last.month() } else { 12 },
        );
        for m in from..=to {
            months.insert(format!("{y}-{m:02}"), Bucket::new(config));
        }
    }
}

/// A branch's figures from its own and joint stories (`keep`: the selection, by story index).
fn branch_stats(site: &Site, b: usize, keep: &[bool]) -> BranchStats {
    let config = &site.config;
    let branch = &site.branches[b];
    let mut all = Bucket::new(config);
    let mut by_field = field_tallies(config);
    let mut by_year: BTreeMap<String, Bucket> = BTreeMap::new();
    let stories = branch.stories.iter().filter(|&&i| keep[i]);
    for s in stories.map(|&i| &site.stories[i]) {
        all.add(s, config);
        count_fields(s, config, &mut by_field);
        by_year
            .entry(s.date().year().to_string())
            .or_insert_with(|| Bucket::new(config))
            .add(s, config);
    }
    BranchStats {
        slug: branch.slug.clone(),
        name: branch.meta.name.clone(),
        parent: branch.parent.map(|p| site.branches[p].slug.clone()),
        members: branch.meta.members.unwrap_or(0),
        stories: all.stories,
        by_kind: all.by_kind,
        metrics: all.metrics,
        by_field,
        by_year,
    }
}

/// stats.json: the figures, pretty-printed.
pub fn stats_json(stats: &Stats) -> String {
    let mut s = serde_json::to_string_pretty(stats).unwrap_or_default();
    s.push('\n');
    s
}

/// stats.csv: one row for the whole site and each branch, overall and per year.
/// Starts with a UTF-8 byte-order mark so that Excel and WPS read the Chinese names.
pub fn stats_csv(stats: &Stats, config: &Config) -> String {
    let mut out = String::from("\u{feff}");
    let mut header = vec![
        "scope".to_string(),
        "branch".into(),
        "name".into(),
        "year".into(),
        "members".into(),
        "stories".into(),
    ];
    header.extend(config.kinds.iter().map(|k| k.key.clone()));
    header.extend(config.metrics.iter().map(|m| m.key.clone()));
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    let mut row = |scope: &str, slug: &str, name: &str, year: &str, members: i64, b: &Bucket| {
        let mut cells = vec![
            scope.to_string(),
            csv_cell(slug),
            csv_cell(name),
            year.into(),
            members.to_string(),
            b.stories.to_string(),
        ];
        cells.extend(b.by_kind.0.iter().map(|(_, n)| n.to_string()));
        cells.extend(b.metrics.0.iter().map(|(_, n)| n.to_string()));
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    let totals = Bucket {
        stories: stats.totals.stories,
        by_kind: stats.totals.by_kind.clone(),
        metrics: stats.totals.metrics.clone(),
    };
    row(
        "site",
        "",
        &config.title,
        "all",
        stats.totals.members,
        &totals,
    );
    for (y, b) in &stats.by_year {
        row("site", "", &config.title, y, stats.totals.members, b);
    }
    for br in &stats.branches {
        let b = Bucket {
            stories: br.stories,
            by_kind: br.by_kind.clone(),
            metrics: br.metrics.clone(),
        };
        row("branch", &br.slug, &br.name, "all", br.members, &b);
        for (y, b) in &br.by_year {
            row("branch", &br.slug, &br.name, y, br.members, b);
        }
    }
    out
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Renders statistics as aligned text tables (CJK counted as two columns).
pub fn stats_table(stats: &Stats, config: &Config, lang: Lang) -> String {
    use crate::format::label;
    let zh = lang == Lang::ZhCn;
    let mut header = vec![
        if zh { "支部" } else { "Branch" }.to_string(),
        if zh { "党员" } else { "Members" }.into(),
        if zh { "稿件" } else { "Stories" }.into(),
    ];
    header.extend(config.kinds.iter().map(|k| k.display(lang).to_string()));
    header.extend(
        config
            .metrics
            .iter()
            .map(|m| label(&m.label, m.label_en.as_deref(), lang).to_string()),
    );
    let mut rows = vec![header];
    for b in &stats.branches {
        let mut r = vec![b.name.clone(), b.members.to_string(), b.stories.to_string()];
        r.extend(b.by_kind.0.iter().map(|(_, n)| n.to_string()));
        r.extend(b.metrics.0.iter().map(|(_, n)| n.to_string()));
        rows.push(r);
    }
    let mut total = vec![
        if zh { "合计" } else { "Total" }.to_string(),
        stats.totals.members.to_string(),
        stats.totals.stories.to_string(),
    ];
    total.extend(stats.totals.by_kind.0.iter().map(|(_, n)| n.to_string()));
    total.extend(stats.totals.metrics.0.iter().map(|(_, n)| n.to_string()));
    rows.push(total);
    let mut out = table(&rows);
    let mut years = vec![vec![
        if zh { "年度" } else { "Year" }.to_string(),
        if zh { "稿件" } else { "Stories" }.into(),
    ]];
    years[0].extend(config.kinds.iter().map(|k| k.display(lang).to_string()));
    for (y, b) in &stats.by_year {
        let mut r = vec![y.clone(), b.stories.to_string()];
        r.extend(b.by_kind.0.iter().map(|(_, n)| n.to_string()));
        years.push(r);
    }
    out.push('\n');
    out.push_str(&table(&years));
    // The field each kind leads with, in configured order: 荣誉 · 级别 …
    let headlines = config.kinds.iter().filter_map(|k| {
        let field = k.headline.as_deref()?;
        let spec = k.field(field)?;
        let name = label(
            spec.label.as_deref().unwrap_or(field),
            spec.label_en.as_deref(),
            lang,
        );
        let tally = stats.headlines.get(&format!("{}_by_{field}", k.key))?;
        Some((format!("{} · {name}", k.display(lang)), tally))
    });
    for (title, tally) in headlines {
        out.push_str(&format!("\n{title}\n"));
        let rows: Vec<Vec<String>> = tally
            .0
            .iter()
            .map(|(k, n)| vec![k.clone(), n.to_string()])
            .collect();
        out.push_str(&table(&rows));
    }
    out
}

fn table(rows: &[Vec<String>]) -> String {
    let width = |s: &str| s.chars().map(char_width).sum::<usize>();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, s)| {
                let pad = " ".repeat(widths[c] - width(s));
                if c == 0 {
                    format!("{s}{pad}")
                } else {
                    format!("{pad}{s}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_chinese_text() {
        let t = table(&[
            vec!["支部".into(), "1".into()],
            vec!["ab".into(), "10".into()],
        ]);
        assert_eq!(t, "支部   1\nab    10\n");
    }

    #[test]
    fn numbers_print_as_integers_when_whole() {
        assert_eq!(serde_json::to_string(&Num(900.0)).unwrap(), "900");
        assert_eq!(serde_json::to_string(&Num(2.5)).unwrap(), "2.5");
        assert_eq!(Num(3.0).to_string(), "3");
        assert_eq!(Num(0.1 + 0.2).to_string(), "0.3");
        assert_eq!(serde_json::to_string(&Num(0.1 + 0.2)).unwrap(), "0.3");
        assert_eq!(Num(1.25).to_string(), "1.25");
    }

    #[test]
    fn tallies_keep_configured_order() {
        let mut t = Tally::zeros(["国家级", "省级", "市级"].into_iter());
        t.add("市级", 2.0);
        t.add("不存在", 1.0);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"国家级":0,"省级":0,"市级":2}"#
        );
    }

    #[test]
    fn csv_cells_are_quoted_when_needed() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("医学影像党支部"), "医学影像党支部");
    }
}
