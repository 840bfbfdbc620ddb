//! List pages (per kind, per branch and kind, per taxonomy term, per year,
//! and the indexes of terms and years) with their pagination, and the
//! dashboard view of /stats/.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::view::{Urls, figures, metric_list, tally_rows};
use crate::format::{label, term_slug};
use crate::model::Site;
use crate::schema::FieldValue;
use crate::stats::{Bucket, Num, Stats};

/// Cards of one year within a group: (year, cards).
type YearGroup = (i64, Vec<Value>);

/// A paginated list of stories.
pub struct ListSpec {
    /// Output path of its first page (`honors/`).
    pub path: String,
    /// Page title.
    pub title: String,
    /// Page type, for templates (`kind`, `term`, `year`, `branch_kind`, `terms`, `years`).
    pub kind: &'static str,
    /// Template.
    pub template: &'static str,
    /// Story indices in display order.
    pub items: Vec<usize>,
    /// Group by the kind's headline field (honor wall): the field name.
    pub group_by: Option<String>,
    /// Extra data for the template (`list`).
    pub extra: Value,
}

impl ListSpec {
    /// Number of pages (at least one, even when empty).
    pub fn page_count(&self, per: usize) -> usize {
        self.items.len().div_ceil(per).max(1)
    }

    /// Output path of page `n` (0-based): `honors/`, `honors/page/2/`.
    pub fn page_path(&self, n: usize) -> String {
        if n == 0 {
            self.path.clone()
        } else {
            format!("{}page/{}/", self.path, n + 1)
        }
    }

    /// Pagination links, with a window of pages around the current one.
    pub fn paginator(&self, n: usize, per: usize, urls: &Urls) -> Value {
        let total = self.page_count(per);
        let pages: Vec<Value> = (0..total)
            .filter(|&p| p == 0 || p + 1 == total || p.abs_diff(n) <= 2)
            .map(|p| json!({"number": p + 1, "url": urls.url(&self.page_path(p)), "current": p == n}))
            .collect();
        json!({
            "current": n + 1, "total": total, "items": self.items.len(),
            "prev": n.checked_sub(1).map(|p| urls.url(&self.page_path(p))),
            "next": (n + 1 < total).then(|| urls.url(&self.page_path(n + 1))),
            "pages": pages,
        })
    }

    /// The page's cards grouped by headline value, then year (for the honor wall).
    pub fn group(&self, cards: &[Value]) -> Value {
        if self.group_by.is_none() {
            return Value::Null;
        }
        let mut groups: Vec<(String, Vec<YearGroup>)> = Vec::new();
        for c in cards {
            let value = c["headline"].as_str().unwrap_or("").to_string();
            let year = c["year"].as_i64().unwrap_or(0);
            if groups.last().is_none_or(|g| g.0 != value) {
                groups.push((value, Vec::new()));
            }
            let years = &mut groups.last_mut().expect("pushed above").1;
            if years.last().is_none_or(|y| y.0 != year) {
                years.push((year, Vec::new()));
            }
            years.last_mut().expect("pushed above").1.push(c.clone());
        }
        Value::Array(groups.into_iter().map(|(value, years)| json!({
            "value": value,
            "years": years.into_iter().map(|(year, items)| json!({"year": year, "items": items})).collect::<Vec<_>>(),
        })).collect())
    }
}

/// Builds every list of the site.
pub fn build_lists(site: &Site, stats: &Stats, urls: &Urls) -> Vec<ListSpec> {
    let mut lists = Vec::new();
    for k in 0..site.config.kinds.len() {
        lists.push(kind_list(site, stats, k));
        lists.extend(branch_kind_lists(site, k, urls));
    }
    for tax in &site.config.taxonomies {
        lists.extend(taxonomy_lists(site, tax, urls));
    }
    lists.extend(year_lists(site, stats, urls));
    lists
}

/// `/<kind>/`: every story of a kind, ordered by its headline value (the
/// honor wall: 国家级 first), then newest first.
fn kind_list(site: &Site, stats: &Stats, k: usize) -> ListSpec {
    let lang = site.config.language;
    let kind = &site.config.kinds[k];
    let mut items: Vec<usize> = (0..site.stories.len())
        .filter(|&s| site.stories[s].meta.kind == k)
        .collect();
    let headline = kind.headline.clone().filter(|h| kind.field(h).is_some());
    let spec = headline.as_ref().and_then(|h| kind.field(h));
    if let (Some(h), Some(spec)) = (&headline, spec) {
        let rank = |s: usize| {
            let value = site.stories[s].meta.fields.iter().find(|(f, _)| f == h);
            match value {
                Some((_, FieldValue::Text(t))) => spec.values.iter().position(|x| x == t),
                _ => None,
            }
            .unwrap_or(usize::MAX)
        };
        items.sort_by_key(|&s| (rank(s), std::cmp::Reverse(site.stories[s].date()), s));
    }
    let tally = headline
        .as_ref()
        .and_then(|h| stats.by_field.get(&format!("{}.{h}", kind.key)));
    let field_label = spec.map(|f| {
        label(
            f.label.as_deref().unwrap_or(""),
            f.label_en.as_deref(),
            lang,
        )
        .to_string()
    });
    ListSpec {
        path: format!("{}/", kind.key),
        title: kind.display(lang).to_string(),
        kind: "kind",
        template: "kind.html",
        items,
        group_by: headline,
        extra: json!({"kind": kind.key, "name": kind.display(lang), "field_label": field_label,
            "counts": tally.map(tally_rows), "total": stats.totals.by_kind.get(&kind.key)}),
    }
}

/// `/branches/<slug>/<kind>/` for every branch.
fn branch_kind_lists<'a>(
    site: &'a Site,
    k: usize,
    urls: &'a Urls,
) -> impl Iterator<Item = ListSpec> + 'a {
    let lang = site.config.language;
    let kind = &site.config.kinds[k];
    site.branches.iter().map(move |br| {
        let items: Vec<usize> = br
            .stories
            .iter()
            .copied()
            .filter(|&s| site.stories[s].meta.kind == k)
            .collect();
        ListSpec {
            path: format!("{}{}/", br.path, kind.key),
            title: format!("{} · {}", br.meta.name, kind.display(lang)),
            kind: "branch_kind",
            template: "list.html",
            items,
            group_by: None,
            extra: json!({"kind": kind.key, "name": kind.display(lang),
                "branch": {"name": br.meta.name, "url": urls.url(&br.path), "slug": br.slug}}),
        }
    })
}

/// `/years/` and `/years/<year>/` (with that year's figures), newest first.
fn year_lists(site: &Site, stats: &Stats, urls: &Urls) -> Vec<ListSpec> {
    let mut years: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
    for (i, s) in site.stories.iter().enumerate() {
        years.entry(s.date().year()).or_default().push(i);
    }
    let rows: Vec<Value> = years
        .iter()
        .rev()
        .map(|(y, items)| json!({"year": y, "url": urls.url(&format!("years/{y}/")), "count": items.len()}))
        .collect();
    let mut lists = vec![ListSpec {
        path: "years/".into(),
        title: label("年度", Some("Years"), site.config.language).into(),
        kind: "years",
        template: "years.html",
        items: Vec::new(),
        group_by: None,
        extra: json!({"years": rows}),
    }];
    let empty = Bucket {
        stories: 0,
        by_kind: Default::default(),
        metrics: Default::default(),
    };
    for (y, items) in years.into_iter().rev() {
        let bucket = stats.by_year.get(&y.to_string()).unwrap_or(&empty);
        lists.push(ListSpec {
            path: format!("years/{y}/"),
            title: format!("{y}"),
            kind: "year",
            template: "list.html",
            items,
            group_by: None,
            extra: json!({"year": y, "figures": figures(&site.config, bucket, urls)}),
        });
    }
    lists
}

fn taxonomy_lists(site: &Site, tax: &crate::config::Taxonomy, urls: &Urls) -> Vec<ListSpec> {
    let lang = site.config.language;
    let t = site
        .config
        .taxonomies
        .iter()
        .position(|x| x.name == tax.name)
        .unwrap_or(0);
    // slug → (display name, stories); terms whose slugs collide share a page.
    let mut terms: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    // Slugs (pinyin) are dear and terms repeat: each is made once.
    let mut slugs: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for (i, s) in site.stories.iter().enumerate() {
        for term in s
            .meta
            .taxonomies
            .iter()
            .filter(|(x, _)| *x == t)
            .flat_map(|(_, v)| v)
        {
            let slug = slugs.entry(term).or_insert_with(|| term_slug(term));
            let entry = terms
                .entry(slug.clone())
                .or_insert_with(|| (term.clone(), Vec::new()));
            if entry.1.last() != Some(&i) {
                entry.1.push(i);
            }
        }
    }
    let tax_label = label(&tax.label, tax.label_en.as_deref(), lang).to_string();
    let mut rows: Vec<(&String, &(String, Vec<usize>))> = terms.iter().collect();
    rows.sort_by(|a, b| b.1.1.len().cmp(&a.1.1.len()).then(a.0.cmp(b.0)));
    let term_rows: Vec<Value> = rows.iter().map(|(slug, (name, items))| json!({
        "name": name, "slug": slug, "url": urls.url(&format!("{}/{slug}/", tax.name)), "count": items.len()})).collect();
    let mut lists = vec![ListSpec {
        path: format!("{}/", tax.name),
        title: tax_label.clone(),
        kind: "terms",
        template: "terms.html",
        items: Vec::new(),
        group_by: None,
        extra: json!({"taxonomy": tax.name, "label": tax_label, "terms": term_rows}),
    }];
    for (slug, (name, items)) in terms {
        lists.push(ListSpec {
            path: format!("{}/{slug}/", tax.name),
            title: format!("{tax_label}：{name}"),
            kind: "term",
            template: "list.html",
            items,
            group_by: None,
            extra: json!({"taxonomy": tax.name, "term": name, "label": tax_label,
                "index_url": urls.url(&format!("{}/", tax.name))}),
        });
    }
    lists
}

/// The /stats/ dashboard: every table the office reports from.
pub fn dashboard(site: &Site, stats: &Stats, urls: &Urls) -> Value {
    let config = &site.config;
    let lang = config.language;
    let totals = Bucket {
        stories: stats.totals.stories,
        by_kind: stats.totals.by_kind.clone(),
        metrics: stats.totals.metrics.clone(),
    };
    let row = |name: Value, bucket: &Bucket| {
        json!({
            "name": name, "stories": bucket.stories,
            "kinds": config.kinds.iter().map(|k| Num(bucket.by_kind.get(&k.key))).collect::<Vec<_>>(),
            "metrics": config.metrics.iter().map(|m| Num(bucket.metrics.get(&m.key))).collect::<Vec<_>>(),
        })
    };
    let branches: Vec<Value> = stats
        .branches
        .iter()
        .map(|b| {
            let bucket = Bucket {
                stories: b.stories,
                by_kind: b.by_kind.clone(),
                metrics: b.metrics.clone(),
            };
            let mut r = row(json!(b.name), &bucket);
            r["url"] = json!(urls.url(&format!("branches/{}/", b.slug)));
            r["members"] = json!(b.members);
            r["child"] = json!(b.parent.is_some());
            r
        })
        .collect();
    let years: Vec<Value> = stats
        .by_year
        .iter()
        .map(|(y, b)| {
            let mut r = row(json!(y), b);
            // Empty years between busy ones are counted but have no page.
            if b.stories > 0 {
                r["url"] = json!(urls.url(&format!("years/{y}/")));
            }
            r
        })
        .collect();
    let months: Vec<Value> = stats
        .by_month
        .iter()
        .map(|(m, b)| row(json!(m), b))
        .collect();
    let fields: Vec<Value> = config
        .kinds
        .iter()
        .flat_map(|k| {
            k.fields
                .iter()
                .filter(|(_, s)| !s.values.is_empty())
                .filter_map(move |(f, spec)| {
                    let tally = stats.by_field.get(&format!("{}.{f}", k.key))?;
                    Some(
                        json!({"key": format!("{}.{f}", k.key), "kind": k.display(lang),
                "label": label(spec.label.as_deref().unwrap_or(f), spec.label_en.as_deref(), lang),
                "headline": k.headline.as_deref() == Some(f.as_str()), "rows": tally_rows(tally)}),
                    )
                })
        })
        .collect();
    json!({
        "figures": figures(config, &totals, urls),
        "members": stats.totals.members,
        "branch_count": stats.totals.branches,
        "kind_names": config.kinds.iter().map(|k| k.display(lang)).collect::<Vec<_>>(),
        "metric_names": metric_list(config, &totals.metrics),
        "branches": branches,
        "years": years,
        "months": months,
        "fields": fields,
        "json_url": urls.url("stats.json"),
        "csv_url": urls.url("stats.csv"),
    })
}
