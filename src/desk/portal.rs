//! What the desk's list and form are made of: the schema from site.yaml,
//! every story file, and new branches.

use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::call::{Answer, Call, fail, read_json, slash};
use super::git;
use super::served::{self, ServedSite, Shared};
use crate::config::Review;
use crate::error::{Lang, Text};
use crate::front_matter::parse_document;

/// What the form is made of: kinds with their fields, metrics, branches, tags.
pub fn schema(dev: &dyn ServedSite) -> Value {
    let lang = dev.lang();
    let Some(site) = dev.site() else {
        return json!({ "lang": lang.tag(), "kinds": [], "metrics": [], "branches": [], "tags": [] });
    };
    let config = &site.config;
    let pick = |zh: &str, en: &Option<String>| match lang {
        Lang::ZhCn => zh.to_string(),
        Lang::En => en.clone().unwrap_or_else(|| zh.to_string()),
    };
    let kinds: Vec<Value> = config
        .kinds
        .iter()
        .map(|k| {
            let fields: Vec<Value> = k
                .fields
                .iter()
                .map(|(key, spec)| {
                    let label = spec.label.clone().unwrap_or_else(|| key.clone());
                    json!({
                        "key": key,
                        "type": spec.ty,
                        "required": spec.required,
                        "label": pick(&label, &spec.label_en),
                        "help": spec.help,
                        "values": spec.values,
                    })
                })
                .collect();
            json!({ "key": k.key, "name": k.display(lang), "singular": k.singular, "fields": fields })
        })
        .collect();
    let metrics: Vec<Value> = config
        .metrics
        .iter()
        .map(|m| {
            json!({
                "key": m.key,
                "label": pick(&m.label, &m.label_en),
                "unit": pick(&m.unit, &m.unit_en),
                "integer": m.integer,
            })
        })
        .collect();
    let branches: Vec<Value> = site
        .branches
        .iter()
        .map(|b| json!({ "slug": b.slug, "name": b.meta.name }))
        .collect();
    let tags_at = config.taxonomies.iter().position(|t| t.name == "tags");
    let mut tags: Vec<&str> = site
        .stories
        .iter()
        .flat_map(|s| s.meta.taxonomies.iter())
        .filter(|(t, _)| Some(*t) == tags_at)
        .flat_map(|(_, terms)| terms.iter().map(String::as_str))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    json!({
        "lang": lang.tag(),
        "title": config.title,
        "today": crate::scaffold::today().to_string(),
        "kinds": kinds,
        "metrics": metrics,
        "branches": branches,
        "tags": tags,
        "git": git::is_repo(dev.root()),
        "review": config.review.as_ref().map(|r| json!({ "stages": r.stages })),
    })
}

/// Every story file (drafts and broken ones too), newest first.
pub fn stories(dev: &Shared) -> Value {
    // Source → its page, for the stories the site publishes; the files are
    // then read without the site's lock held.
    let (root, lang, urls, review) = {
        let dev = served::read(dev);
        let urls: std::collections::BTreeMap<PathBuf, String> = dev
            .site()
            .map(|site| {
                let base = site.config.base_path();
                let stories = site.stories.iter();
                stories
                    .map(|s| (s.source.clone(), format!("{base}{}", s.path)))
                    .collect()
            })
            .unwrap_or_default();
        let review = dev.site().and_then(|s| s.config.review.clone());
        (dev.root().to_path_buf(), dev.lang(), urls, review)
    };
    let loaded = crate::content::load_content(&root);
    let mut list: Vec<(String, Value)> = loaded
        .sources
        .par_iter()
        .filter_map(|source| {
            let crate::content::Role::Story { branch, folder, .. } = &source.role else {
                return None;
            };
            let doc = parse_document(&source.path, &source.text, true);
            let front = doc.as_ref().ok().map(|d| &d.front);
            let text = |key: &str| {
                front.and_then(|f| f.get(key)).and_then(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .or_else(|| v.as_i64().map(|n| n.to_string()))
                })
            };
            let date = text("date").unwrap_or_default();
            let draft = front.and_then(|f| f.get("draft"));
            let value = json!({
                "path": slash(&source.path),
                "title": text("title").unwrap_or_else(|| slash(&source.rel)),
                "date": date.get(..10).unwrap_or(&date),
                "branch": branch,
                "kind": text("kind").or_else(|| folder.clone()),
                "draft": draft.and_then(crate::yaml::Value::as_bool).unwrap_or(false),
                "url": urls.get(&source.path),
                "error": doc.as_ref().err().map(|d| d.message.get(lang).to_string()),
                "review": review.as_ref().map(|r| review_of(&source.path, &source.text, r, lang)),
            });
            Some((date, value))
        })
        .collect();
    list.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1["path"].as_str().cmp(&b.1["path"].as_str()))
    });
    json!({ "stories": list.into_iter().map(|(_, v)| v).collect::<Vec<_>>() })
}

/// A story's review as the list shows it: its state's key and label, the
/// stage it waits for, and a reviewer's note; the problem when its review
/// record cannot be read.
fn review_of(path: &std::path::Path, text: &str, review: &Review, lang: Lang) -> Value {
    match crate::review::read(path, text, review) {
        Ok(r) => json!({
            "state": r.state.key(),
            "label": r.state.label(review).get(lang),
            "stage": r.state.next_stage().map(|s| &review.stages[s]),
            "note": r.record.note,
        }),
        Err(d) => json!({ "state": "error", "label": d.message.get(lang) }),
    }
}

/// Creates a branch from the form `{slug, name}`.
pub fn branch(dev: &dyn ServedSite, call: &Call) -> Result<Value, Answer> {
    let req: Value = read_json(call.body)?;
    let get = |k: &str| {
        req.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let (slug, name) = (get("slug"), get("name"));
    let Some(site) = dev.site() else {
        return Err(fail(
            409,
            Text::new(
                "网站有错误，请先改正",
                "the site has errors; fix them first",
            ),
        ));
    };
    if name.is_empty() {
        let (status, mut v) = fail(422, Text::new("请填写支部名称", "the branch needs a name"));
        v["field"] = json!("name");
        return Err((status, v));
    }
    let path =
        crate::scaffold::new_branch(dev.root(), &site.config, &slug, &name).map_err(|d| {
            let mut text = d.message.clone();
            if let Some(h) = &d.hint {
                text.zh.push_str(&format!("（{}）", h.zh));
                text.en.push_str(&format!(" ({})", h.en));
            }
            let (status, mut v) = fail(422, text);
            v["field"] = json!("slug");
            (status, v)
        })?;
    Ok(json!({ "path": slash(&path) }))
}
