//! The default theme on the demo portal: every page is well-formed markup,
//! the SVG charts show exactly the figures of stats.json, and the QR codes
//! decode to the page's own address.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

/// The demo portal (this repository), built once into a temporary folder.
fn demo() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OnceLock::get_or_init(&OUT, || {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let root = env!("CARGO_MANIFEST_DIR");
        let run = crate::common::run(
            Path::new(root),
            &[
                "build",
                "--quiet",
                "--output",
                out.to_str().expect("utf-8 path"),
            ],
        );
        assert!(run.status.success(), "{}", crate::common::text(&run));
        (tmp, out)
    })
    .1
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn html_pages(dir: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    pages
}

fn stats() -> Value {
    serde_json::from_str(&read(&demo().join("stats.json"))).expect("stats.json")
}

/// The segments of the chart `id` on a page: (row, series) → value, and row → total.
type Segments = BTreeMap<(String, String), f64>;

fn chart(doc: &roxmltree::Document, id: &str) -> (Segments, BTreeMap<String, f64>) {
    let figure = doc
        .descendants()
        .find(|n| n.attribute("data-chart") == Some(id))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let number = |n: roxmltree::Node, a: &str| -> f64 {
        n.attribute(a).expect(a).parse().expect("a number")
    };
    let mut segments = BTreeMap::new();
    let mut totals = BTreeMap::new();
    for n in figure.descendants() {
        if n.has_tag_name("rect") {
            let key = (
                n.attribute("data-row").expect("row").to_string(),
                n.attribute("data-series").expect("series").to_string(),
            );
            assert!(segments.insert(key, number(n, "data-value")).is_none());
        } else if n.has_tag_name("g") && n.has_attribute("data-total") {
            let row = n.attribute("data-row").expect("row").to_string();
            totals.insert(row, number(n, "data-total"));
        }
    }
    (segments, totals)
}

/// Asserts a chart against a map of rows (`{row: {series: n}}`): every
/// non-zero figure is drawn with its value, and nothing else is drawn.
fn assert_chart_matches(
    id: &str,
    (segments, totals): &(Segments, BTreeMap<String, f64>),
    rows: &[(String, &Value)],
) {
    let mut expected = BTreeMap::new();
    for (row, series) in rows {
        let series = series.as_object().expect("series object");
        let total: f64 = series.values().filter_map(Value::as_f64).sum();
        assert_eq!(totals.get(row), Some(&total), "{id}: total of {row}");
        for (s, v) in series {
            let v = v.as_f64().expect("number");
            if v != 0.0 {
                expected.insert((row.clone(), s.clone()), v);
            }
        }
    }
    assert!(!expected.is_empty(), "{id}: stats.json has figures");
    assert_eq!(segments, &expected, "{id}: bars differ from stats.json");
}

fn parse(text: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opts).expect("well-formed")
}

#[test]
fn every_demo_page_is_well_formed_with_unique_ids_and_alt_text() {
    let pages = html_pages(demo());
    assert!(pages.len() > 100, "{} pages", pages.len());
    for page in pages {
        let text = read(&page);
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        // Parsing as XML is stricter than HTML: every element closed, properly nested, quoted attributes.
        let doc = roxmltree::Document::parse_with_options(&text, opts)
            .unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        let mut ids = BTreeMap::new();
        for n in doc.descendants().filter(|n| n.is_element()) {
            if let Some(id) = n.attribute("id") {
                *ids.entry(id).or_insert(0) += 1;
            }
            if n.has_tag_name("img") {
                assert!(
                    n.has_attribute("alt"),
                    "{}: img without alt",
                    page.display()
                );
            }
        }
        let dup: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
        assert!(dup.is_empty(), "{}: duplicate ids {dup:?}", page.display());
        let h1 = doc.descendants().filter(|n| n.has_tag_name("h1")).count();
        assert_eq!(h1, 1, "{}: {h1} h1 elements", page.display());
        assert!(
            doc.descendants().any(|n| n.has_tag_name("main")),
            "{}: no main",
            page.display()
        );
    }
}

#[test]
fn dashboard_charts_show_the_figures_of_stats_json() {
    let stats = stats();
    let text = read(&demo().join("stats/index.html"));
    let doc = parse(&text);
    let branches = stats["branches"].as_array().expect("branches");
    let rows = |f: &dyn Fn(&Value) -> &Value| -> Vec<(String, &Value)> {
        branches
            .iter()
            .map(|b| (b["slug"].as_str().expect("slug").to_string(), f(b)))
            .collect()
    };
    assert_chart_matches(
        "by-branch",
        &chart(&doc, "by-branch"),
        &rows(&|b| &b["by_kind"]),
    );
    for (id, key) in [("by-year", "by_year"), ("by-month", "by_month")] {
        let periods: Vec<(String, &Value)> = stats[key]
            .as_object()
            .expect("periods")
            .iter()
            .map(|(p, b)| (p.clone(), &b["by_kind"]))
            .collect();
        assert_chart_matches(id, &chart(&doc, id), &periods);
    }
    // Honors by level and techniques by milestone, and every other enumerated field.
    let levels = chart(&doc, "honors-level");
    let as_rows = |tally: &Value| -> Vec<(String, Value)> {
        tally
            .as_object()
            .expect("tally")
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::json!({ "count": v })))
            .collect()
    };
    for (id, tally) in [
        ("honors-level", &stats["honors_by_level"]),
        ("techniques-milestone", &stats["techniques_by_milestone"]),
        ("activities-type", &stats["by_field"]["activities.type"]),
    ] {
        let owned = as_rows(tally);
        let rows: Vec<(String, &Value)> = owned.iter().map(|(k, v)| (k.clone(), v)).collect();
        let drawn = if id == "honors-level" {
            levels.clone()
        } else {
            chart(&doc, id)
        };
        assert_chart_matches(id, &drawn, &rows);
    }
    // Each metric per branch.
    for metric in stats["totals"]["metrics"]
        .as_object()
        .expect("metrics")
        .keys()
    {
        let owned: Vec<(String, Value)> = branches
            .iter()
            .map(|b| {
                (
                    b["slug"].as_str().expect("slug").to_string(),
                    serde_json::json!({ metric.as_str(): b["metrics"][metric] }),
                )
            })
            .collect();
        let rows: Vec<(String, &Value)> = owned.iter().map(|(k, v)| (k.clone(), v)).collect();
        let id = format!("metric-{metric}");
        assert_chart_matches(&id, &chart(&doc, &id), &rows);
    }
}

#[test]
fn branch_charts_show_the_branch_figures_of_stats_json() {
    let stats = stats();
    for b in stats["branches"].as_array().expect("branches") {
        let slug = b["slug"].as_str().expect("slug");
        let text = read(&demo().join(format!("branches/{slug}/index.html")));
        let doc = parse(&text);
        let years: Vec<(String, &Value)> = b["by_year"]
            .as_object()
            .expect("by_year")
            .iter()
            .map(|(y, v)| (y.clone(), &v["by_kind"]))
            .collect();
        if b["stories"].as_u64() == Some(0) {
            continue;
        }
        assert_chart_matches(slug, &chart(&doc, "branch-by-year"), &years);
    }
}

/// Reads the QR code of a page back from its SVG path, as a phone would from the screen.
fn decode_qr(svg: roxmltree::Node) -> String {
    let side: usize = svg
        .attribute("viewBox")
        .and_then(|v| v.split(' ').nth(2))
        .and_then(|v| v.parse().ok())
        .expect("viewBox");
    let path = svg
        .descendants()
        .find(|n| n.has_tag_name("path"))
        .and_then(|n| n.attribute("d"))
        .expect("path");
    let mut dark = vec![false; side * side];
    // The path is runs of `M{x} {y}h{n}v1h-{n}z`.
    for run in path.split('M').filter(|r| !r.is_empty()) {
        let (xy, rest) = run.split_once('h').expect("h");
        let (x, y) = xy.split_once(' ').expect("x y");
        let n: usize = rest.split_once('v').expect("v").0.parse().expect("n");
        let (x, y): (usize, usize) = (x.parse().expect("x"), y.parse().expect("y"));
        for i in 0..n {
            dark[y * side + x + i] = true;
        }
    }
    let scale = 4;
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(side * scale, side * scale, |x, y| {
            if dark[(y / scale) * side + x / scale] {
                0
            } else {
                255
            }
        });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("decodes").1
}

#[test]
fn story_and_branch_pages_carry_a_qr_code_of_their_permalink() {
    let out = demo();
    let story = html_pages(&out.join("branches/imaging/techniques"))
        .into_iter()
        .find(|p| !p.to_string_lossy().contains("/page/"))
        .expect("a story");
    for page in [out.join("branches/imaging/index.html"), story] {
        let text = read(&page);
        let doc = parse(&text);
        let canonical = doc
            .descendants()
            .find(|n| n.attribute("rel") == Some("canonical"))
            .and_then(|n| n.attribute("href"))
            .expect("canonical link");
        assert!(canonical.starts_with("https://"), "{canonical}");
        let svg = doc
            .descendants()
            .find(|n| n.has_tag_name("svg") && n.attribute("class") == Some("qr"))
            .unwrap_or_else(|| panic!("{}: no QR code", page.display()));
        assert_eq!(decode_qr(svg), canonical, "{}", page.display());
    }
}

#[test]
fn pages_share_title_summary_and_cover() {
    let out = demo();
    let stats_page = read(&out.join("stats/index.html"));
    assert!(stats_page.contains("<meta name=\"twitter:card\" content=\"summary\" />"));
    // A story with a cover: Open Graph carries an absolute image URL.
    let with_cover = html_pages(&out.join("branches"))
        .into_iter()
        .map(|p| read(&p))
        .find(|t| t.contains("property=\"og:type\" content=\"article\"") && t.contains("og:image"))
        .expect("a story with a cover");
    let doc = parse(&with_cover);
    let meta = |p: &str| {
        doc.descendants()
            .find(|n| n.attribute("property") == Some(p) || n.attribute("name") == Some(p))
            .and_then(|n| n.attribute("content"))
            .unwrap_or_else(|| panic!("no {p}"))
            .to_string()
    };
    assert!(meta("og:image").starts_with("https://"));
    assert_eq!(meta("twitter:card"), "summary_large_image");
    assert!(!meta("og:description").is_empty());
    assert!(meta("og:url").starts_with("https://"));
    assert_eq!(meta("og:image"), meta("twitter:image"));
}

#[test]
fn css_stays_small_and_loads_nothing_from_elsewhere() {
    let out = demo();
    let style = std::fs::metadata(out.join("style.css"))
        .expect("style.css")
        .len();
    let code = std::fs::metadata(out.join("highlight.css"))
        .expect("highlight.css")
        .len();
    assert!(style + code < 30 * 1024, "CSS is {} bytes", style + code);
    for page in html_pages(out) {
        let text = read(&page);
        // Scripts, all from this site: on every page the 长辈模式 switch (a
        // tiny inline one in <head> and care.js); the search page's search.js
        // and a story's speak.js (朗读). Reading needs none of them.
        let mut expected = 2;
        assert!(
            text.contains("<script>(function(h){var m=/[?\\x26]care=([01])/"),
            "{}: the inline 长辈模式 script",
            page.display()
        );
        assert!(
            text.contains("<script src=\"/care.js\" defer=\"defer\"></script>"),
            "{}: care.js",
            page.display()
        );
        if page.ends_with("search/index.html") {
            expected += 1;
            assert!(text.contains("<script type=\"module\" src=\"/search.js\">"));
        }
        if text.contains("class=\"speak\"") {
            expected += 1;
            assert!(text.contains("<script src=\"/speak.js\" defer=\"defer\"></script>"));
        }
        assert_eq!(
            text.matches("<script").count(),
            expected,
            "{}: scripts",
            page.display()
        );
        for attr in [
            "src=\"http",
            "href=\"//",
            "src=\"//",
            "@import",
            "@font-face",
        ] {
            assert!(!text.contains(attr), "{}: {attr}", page.display());
        }
        assert!(
            !text.contains("rel=\"stylesheet\" href=\"http"),
            "{}",
            page.display()
        );
    }
    let css = read(&out.join("style.css"));
    assert!(!css.contains("url(http") && !css.contains("@font-face"));
}
