//! Chart data for the default theme's pages, in the shape the `chart()`
//! function draws (`{series, rows}`), taken straight from the statistics so
//! that every bar is a figure of stats.json.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::view::Urls;
use crate::config::Config;
use crate::format::label;
use crate::stats::{Bucket, Num, Stats, Tally};

/// The kinds as series of a stacked chart.
fn kind_series(config: &Config) -> Value {
    Value::Array(
        config
            .kinds
            .iter()
            .map(|k| json!({"key": k.key, "name": k.display(config.language)}))
            .collect(),
    )
}

/// One row per bucket, one value per kind.
fn kind_rows<'a>(
    config: &Config,
    rows: impl Iterator<Item = (String, String, Option<String>, &'a Bucket)>,
) -> Value {
    Value::Array(
        rows.map(|(key, label, url, b)| {
            json!({"key": key, "label": label, "url": url,
            "values": config.kinds.iter().map(|k| Num(b.by_kind.get(&k.key))).collect::<Vec<_>>()})
        })
        .collect(),
    )
}

/// Stories per period (year or month), stacked by kind; years with stories link to their page.
pub fn periods(config: &Config, periods: &BTreeMap<String, Bucket>, urls: Option<&Urls>) -> Value {
    json!({"series": kind_series(config), "rows": kind_rows(config, periods.iter().map(|(p, b)| {
        let url = urls.filter(|_| b.stories > 0).map(|u| u.url(&format!("years/{p}/")));
        (p.clone(), p.clone(), url, b)
    }))})
}

/// A tally (honors by level) as a one-series chart.
pub fn tally(tally: &Tally) -> Value {
    json!({"series": [{"key": "count", "name": ""}], "rows": tally.0.iter()
        .map(|(k, n)| json!({"key": k, "label": k, "values": [n]})).collect::<Vec<_>>()})
}

/// Every enumerated field's tally as a chart, headline fields (honors by
/// level, techniques by milestone) first; only those with `headline_only`.
pub fn field_charts(
    config: &Config,
    by_field: &BTreeMap<String, Tally>,
    headline_only: bool,
) -> Vec<Value> {
    let lang = config.language;
    let mut fields: Vec<Value> = Vec::new();
    for k in &config.kinds {
        for (f, spec) in k.fields.iter().filter(|(_, s)| !s.values.is_empty()) {
            let key = format!("{}.{f}", k.key);
            let headline = k.headline.as_deref() == Some(f.as_str());
            let Some(t) = by_field.get(&key).filter(|_| headline || !headline_only) else {
                continue;
            };
            let field_label = label(
                spec.label.as_deref().unwrap_or(f),
                spec.label_en.as_deref(),
                lang,
            );
            fields.push(
                json!({"key": key, "id": key.replace('.', "-"), "kind": k.display(lang),
                "label": field_label, "headline": headline, "data": tally(t)}),
            );
        }
    }
    fields.sort_by_key(|f| !f["headline"].as_bool().unwrap_or(false));
    fields
}

/// The charts of /stats/: stories per branch, year and month (stacked by
/// kind), every enumerated field (headline fields first), and each metric per branch.
pub fn dashboard(config: &Config, stats: &Stats, urls: &Urls) -> Value {
    let lang = config.language;
    let branch_rows = stats.branches.iter().map(|b| {
        let bucket = Bucket {
            stories: b.stories,
            by_kind: b.by_kind.clone(),
            metrics: b.metrics.clone(),
        };
        (b.slug.clone(), b.name.clone(), bucket)
    });
    let buckets: Vec<(String, String, Bucket)> = branch_rows.collect();
    let by_branch = json!({"series": kind_series(config), "rows": kind_rows(config, buckets.iter().map(|(s, n, b)| {
        (s.clone(), n.clone(), Some(urls.url(&format!("branches/{s}/"))), b)
    }))});
    let fields = field_charts(config, &stats.by_field, false);
    let metrics: Vec<Value> = config.metrics.iter().map(|m| {
        json!({"key": m.key, "label": label(&m.label, m.label_en.as_deref(), lang),
            "unit": label(&m.unit, m.unit_en.as_deref(), lang),
            "data": {"series": [{"key": m.key, "name": label(&m.label, m.label_en.as_deref(), lang)}],
                "rows": stats.branches.iter().map(|b| json!({"key": b.slug, "label": b.name,
                    "url": urls.url(&format!("branches/{}/", b.slug)), "values": [Num(b.metrics.get(&m.key))]})).collect::<Vec<_>>()}})
    }).collect();
    json!({
        "by_branch": by_branch,
        "by_year": periods(config, &stats.by_year, Some(urls)),
        "by_month": periods(config, &stats.by_month, None),
        "fields": fields,
        "metrics": metrics,
    })
}
