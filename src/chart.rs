//! Charts drawn at build time as inline SVG, beside the render stage: no
//! chart JavaScript reaches the reader. Every chart is a `<figure>` with a
//! title, an accessible description, a legend and its data as a table. The
//! render stage prepares chart data for the default theme, and the Tera
//! function `chart()` draws any data a portal's own theme hands it.

use std::fmt::Write;

use serde_json::Value;

use crate::html::escape;
use crate::stats::Num;

/// Width of every chart's coordinate system; the SVG scales down on phones.
const WIDTH: f64 = 360.0;
/// Colour classes (`s0` … `s7`) the stylesheet defines.
const PALETTE: usize = 8;

/// How the data is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One horizontal bar per row, labelled above it: for branches and categories.
    Bars,
    /// Vertical columns along an axis: for years and months.
    Columns,
}

/// One series of a stacked chart (a kind, a metric).
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Machine key (`activities`), written to `data-series`.
    pub key: String,
    /// What readers see (`党建活动`).
    pub name: String,
}

/// One row: a bar or a column, with one value per series.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Machine key (a branch slug, a year), written to `data-row`.
    pub key: String,
    /// What readers see.
    pub label: String,
    /// Optional link from the data table.
    pub url: Option<String>,
    /// One value per series.
    pub values: Vec<f64>,
}

/// The strings a chart needs, in the site's language.
#[derive(Clone, Debug, Default)]
pub struct Words {
    /// Header of the total column (`合计`).
    pub total: String,
    /// Description template with `{n}`, `{label}` and `{value}`.
    pub summary: String,
    /// Description of a chart with no data.
    pub empty: String,
}

/// A chart ready to draw.
#[derive(Clone, Debug)]
pub struct Chart {
    /// Unique on its page: the base of the element ids.
    pub id: String,
    /// Caption and accessible name.
    pub title: String,
    /// Header of the label column of the table (`党支部`, `年份`).
    pub label_header: String,
    /// Unit shown after values (`篇`, `人次`), may be empty.
    pub unit: String,
    /// Bars or columns.
    pub shape: Shape,
    /// At least one series.
    pub series: Vec<Series>,
    /// The data, in display order.
    pub rows: Vec<Row>,
}

/// A number as the stats print it: whole numbers without decimals.
fn num(n: f64) -> String {
    Num(n).to_string()
}

/// Coordinates with at most one decimal keep the SVG small.
fn coord(n: f64) -> String {
    let r = (n * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

impl Row {
    fn total(&self) -> f64 {
        self.values.iter().sum()
    }
}

impl Chart {
    /// Reads chart data in either shape templates can hand over:
    /// `{"series": [{key, name}], "rows": [{key, label, url, values: [..]}]}`,
    /// or a plain object `{label: number}` (one series) or
    /// `{label: {series: number}}` (stacked), as in `stats()`.
    pub fn from_value(data: &Value) -> Result<(Vec<Series>, Vec<Row>), String> {
        let obj = data
            .as_object()
            .ok_or("chart data must be an object (for example stats().honors_by_level)")?;
        if let (Some(series), Some(rows)) = (obj.get("series"), obj.get("rows")) {
            let series = series
                .as_array()
                .ok_or("chart data: `series` must be a list")?
                .iter()
                .map(|s| Series {
                    key: text(&s["key"]),
                    name: text(if s["name"].is_null() {
                        &s["key"]
                    } else {
                        &s["name"]
                    }),
                })
                .collect::<Vec<_>>();
            let rows = rows
                .as_array()
                .ok_or("chart data: `rows` must be a list")?
                .iter()
                .map(|r| Row {
                    key: text(if r["key"].is_null() {
                        &r["label"]
                    } else {
                        &r["key"]
                    }),
                    label: text(&r["label"]),
                    url: r["url"].as_str().map(str::to_string),
                    values: match &r["values"] {
                        Value::Array(v) => v.iter().map(|x| x.as_f64().unwrap_or(0.0)).collect(),
                        v => vec![v.as_f64().or(r["value"].as_f64()).unwrap_or(0.0)],
                    },
                })
                .collect();
            return Ok((series, rows));
        }
        // A plain object: numbers, or objects of numbers (stacked).
        let mut series: Vec<Series> = Vec::new();
        let mut rows = Vec::new();
        for (label, v) in obj {
            let values = match v {
                Value::Object(parts) => {
                    for k in parts.keys() {
                        if !series.iter().any(|s| &s.key == k) {
                            series.push(Series {
                                key: k.clone(),
                                name: k.clone(),
                            });
                        }
                    }
                    series
                        .iter()
                        .map(|s| parts.get(&s.key).and_then(Value::as_f64).unwrap_or(0.0))
                        .collect()
                }
                v => vec![
                    v.as_f64()
                        .ok_or_else(|| format!("chart data: `{label}` is not a number"))?,
                ],
            };
            rows.push(Row {
                key: label.clone(),
                label: label.clone(),
                url: None,
                values,
            });
        }
        if series.is_empty() {
            series.push(Series {
                key: "value".into(),
                name: String::new(),
            });
        }
        Ok((series, rows))
    }

    /// The whole figure: caption, legend, SVG and data table.
    pub fn render(&self, words: &Words) -> String {
        let id = escape(&self.id);
        let title = escape(&self.title);
        let mut out = String::with_capacity(2048 + self.rows.len() * 300);
        let _ = write!(
            out,
            "<figure class=\"chart chart-{}\" data-chart=\"{id}\" aria-labelledby=\"{id}-t\">\
             <figcaption id=\"{id}-t\">{title}</figcaption><div class=\"chart-body\"><div class=\"chart-plot\">",
            match self.shape {
                Shape::Bars => "bars",
                Shape::Columns => "columns",
            }
        );
        if self.series.len() > 1 {
            out.push_str("<ul class=\"legend\" aria-hidden=\"true\">");
            for (i, s) in self.series.iter().enumerate() {
                let _ = write!(
                    out,
                    "<li><span class=\"sw s{}\"></span>{}</li>",
                    i % PALETTE,
                    escape(&s.name)
                );
            }
            out.push_str("</ul>");
        }
        match self.shape {
            Shape::Bars => self.bars(&mut out, words),
            Shape::Columns => self.columns(&mut out, words),
        }
        out.push_str("</div>");
        self.table(&mut out, words);
        out.push_str("</div></figure>");
        out
    }

    /// What a screen reader hears: how many rows, and the largest.
    fn description(&self, words: &Words) -> String {
        let top = self
            .rows
            .iter()
            .filter(|r| r.total() > 0.0)
            .max_by(|a, b| a.total().total_cmp(&b.total()));
        match top {
            None => words.empty.clone(),
            Some(r) => words
                .summary
                .replace("{n}", &self.rows.len().to_string())
                .replace("{label}", &r.label)
                .replace("{value}", &format!("{}{}", num(r.total()), self.unit)),
        }
    }

    fn svg_open(&self, out: &mut String, height: f64, words: &Words) {
        let id = escape(&self.id);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
             role=\"img\" aria-labelledby=\"{id}-st {id}-d\"><title id=\"{id}-st\">{}</title><desc id=\"{id}-d\">{}</desc>",
            escape(&self.title),
            escape(&self.description(words)),
            w = coord(WIDTH),
            h = coord(height),
        );
    }

    /// A stacked segment, carrying its figure for tests and tooltips.
    fn segment(&self, out: &mut String, row: &Row, s: usize, rect: [f64; 4]) {
        let v = row.values.get(s).copied().unwrap_or(0.0);
        if v <= 0.0 {
            return;
        }
        let series = &self.series[s];
        let name = if series.name.is_empty() {
            String::new()
        } else {
            format!(" · {}", series.name)
        };
        let _ = write!(
            out,
            "<rect class=\"s{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" data-row=\"{}\" data-series=\"{}\" data-value=\"{}\"><title>{}{} {}{}</title></rect>",
            s % PALETTE,
            coord(rect[0]),
            coord(rect[1]),
            coord(rect[2]),
            coord(rect[3]),
            escape(&row.key),
            escape(&series.key),
            num(v),
            escape(&row.label),
            escape(&name),
            num(v),
            escape(&self.unit),
        );
    }

    fn max_total(&self) -> f64 {
        self.rows.iter().map(Row::total).fold(0.0, f64::max)
    }

    fn bars(&self, out: &mut String, words: &Words) {
        const ROW: f64 = 40.0;
        let height = (self.rows.len() as f64 * ROW).max(ROW);
        self.svg_open(out, height, words);
        let max = self.max_total();
        let room = WIDTH - 56.0;
        for (i, row) in self.rows.iter().enumerate() {
            let top = i as f64 * ROW;
            let _ = write!(
                out,
                "<g data-row=\"{}\" data-total=\"{}\"><text class=\"label\" x=\"0\" y=\"{}\">{}</text>",
                escape(&row.key),
                num(row.total()),
                coord(top + 14.0),
                escape(&row.label)
            );
            let mut x = 0.0;
            for s in 0..self.series.len() {
                let v = row.values.get(s).copied().unwrap_or(0.0);
                let w = if max > 0.0 { v / max * room } else { 0.0 };
                self.segment(out, row, s, [x, top + 20.0, w, 14.0]);
                x += w;
            }
            let _ = write!(
                out,
                "<text class=\"value\" x=\"{}\" y=\"{}\">{}</text></g>",
                coord(x + 6.0),
                coord(top + 31.5),
                num(row.total())
            );
        }
        out.push_str("</svg>");
    }

    fn columns(&self, out: &mut String, words: &Words) {
        const HEIGHT: f64 = 200.0;
        const LEFT: f64 = 30.0;
        const TOP: f64 = 16.0;
        const BOTTOM: f64 = 170.0;
        self.svg_open(out, HEIGHT, words);
        let n = self.rows.len().max(1) as f64;
        let step = (WIDTH - LEFT) / n;
        let bar = (step * 0.7).max(1.0);
        let max = nice_ceiling(self.max_total());
        let plot = BOTTOM - TOP;
        // Three grid lines: 0, half and the top, labelled on the left.
        for frac in [0.0, 0.5, 1.0] {
            let y = BOTTOM - plot * frac;
            let _ = write!(
                out,
                "<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/><text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                coord(LEFT),
                coord(WIDTH),
                coord(LEFT - 4.0),
                coord(y + 4.0),
                num(max * frac),
                y = coord(y),
            );
        }
        // Label every row when they fit, otherwise every k-th.
        let every = (self.rows.len() as f64 / 8.0).ceil().max(1.0) as usize;
        for (i, row) in self.rows.iter().enumerate() {
            let x = LEFT + i as f64 * step + (step - bar) / 2.0;
            let _ = write!(
                out,
                "<g data-row=\"{}\" data-total=\"{}\">",
                escape(&row.key),
                num(row.total())
            );
            let mut y = BOTTOM;
            for s in 0..self.series.len() {
                let v = row.values.get(s).copied().unwrap_or(0.0);
                let h = if max > 0.0 { v / max * plot } else { 0.0 };
                y -= h;
                self.segment(out, row, s, [x, y, bar, h]);
            }
            if self.rows.len() <= 12 && row.total() > 0.0 {
                let _ = write!(
                    out,
                    "<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    coord(x + bar / 2.0),
                    coord(y - 4.0),
                    num(row.total())
                );
            }
            // Labels that would run past the right edge are left out (the table has them all).
            let label_end = x + bar / 2.0 + row.label.chars().count() as f64 * 6.5;
            if i % every == 0 && (every == 1 || label_end <= WIDTH) {
                let _ = write!(
                    out,
                    "<text class=\"axis\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>",
                    coord(x + bar / 2.0),
                    coord(BOTTOM + 18.0),
                    if every == 1 { "middle" } else { "start" },
                    escape(&row.label)
                );
            }
            out.push_str("</g>");
        }
        let _ = write!(
            out,
            "<line class=\"baseline\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/></svg>",
            coord(LEFT),
            coord(WIDTH),
            coord(BOTTOM),
            coord(BOTTOM)
        );
    }

    /// The data beside the chart, in a focusable scroll box for long tables.
    fn table(&self, out: &mut String, words: &Words) {
        let stacked = self.series.len() > 1;
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!("（{}）", self.unit)
        };
        let _ = write!(
            out,
            "<div class=\"chart-data table-scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"{}-t\"><table><thead><tr><th scope=\"col\">{}</th>",
            escape(&self.id),
            escape(&self.label_header)
        );
        for s in &self.series {
            let name = if s.name.is_empty() {
                &self.title
            } else {
                &s.name
            };
            let _ = write!(
                out,
                "<th scope=\"col\">{}{}</th>",
                escape(name),
                escape(&unit)
            );
        }
        if stacked {
            let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&words.total));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            let label = match &row.url {
                Some(u) => format!("<a href=\"{}\">{}</a>", escape(u), escape(&row.label)),
                None => escape(&row.label),
            };
            let _ = write!(out, "<tr><th scope=\"row\">{label}</th>");
            for v in &row.values {
                let _ = write!(out, "<td>{}</td>", num(*v));
            }
            if stacked {
                let _ = write!(out, "<td>{}</td>", num(row.total()));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
    }
}

/// A round number at or above `n` for the top of an axis (1, 2, 5 × 10ⁿ).
fn nice_ceiling(n: f64) -> f64 {
    if n <= 0.0 {
        return 1.0;
    }
    // Small counts get an even top, so the middle grid line is a whole number.
    if n <= 10.0 {
        return (n / 2.0).ceil() * 2.0;
    }
    let magnitude = 10f64.powf(n.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&c| c >= n)
        .unwrap_or(10.0 * magnitude)
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        v => v.to_string(),
    }
}

/// Registers `chart(data, title, shape="bars"|"columns", unit="", id="", label="")`
/// as a Tera function; it returns the figure's HTML (use `| safe`).
pub fn register(tera: &mut tera::Tera, words: Words) {
    tera.register_function("chart", move |args: tera::Kwargs, _: &tera::State| {
        let data: tera::Value = args
            .get("data")?
            .ok_or_else(|| tera::Error::message("chart(): `data` is missing"))?;
        let data = serde_json::to_value(&data).map_err(tera::Error::message)?;
        let (series, rows) = Chart::from_value(&data).map_err(tera::Error::message)?;
        let arg = |k: &str| -> tera::TeraResult<String> {
            let v: Option<tera::Value> = args.get(k)?;
            Ok(match v {
                Some(v) if v.is_none() || v.is_undefined() => String::new(),
                Some(v) => v.as_str().map_or_else(|| v.to_string(), str::to_string),
                None => String::new(),
            })
        };
        let title = arg("title")?;
        let shape = match arg("shape")?.as_str() {
            "" | "bars" => Shape::Bars,
            "columns" => Shape::Columns,
            other => {
                return Err(tera::Error::message(format!(
                    "chart(): shape \"{other}\" is not one of \"bars\", \"columns\""
                )));
            }
        };
        let id = match arg("id")? {
            id if !id.is_empty() => id,
            _ => format!("chart-{}", slug::slugify(&title)),
        };
        let chart = Chart {
            id,
            title,
            label_header: arg("label")?,
            unit: arg("unit")?,
            shape,
            series,
            rows,
        };
        Ok(tera::Value::safe_string(&chart.render(&words)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn words() -> Words {
        Words {
            total: "合计".into(),
            summary: "共 {n} 项，最多的是{label}（{value}）".into(),
            empty: "暂无数据".into(),
        }
    }

    fn chart(data: Value, shape: Shape) -> Chart {
        let (series, rows) = Chart::from_value(&data).expect("valid data");
        Chart {
            id: "c".into(),
            title: "荣誉 <级别>".into(),
            label_header: "级别".into(),
            unit: "项".into(),
            shape,
            series,
            rows,
        }
    }

    #[test]
    fn plain_objects_become_one_series() {
        let c = chart(json!({"国家级": 1, "省级": 4, "县级": 0}), Shape::Bars);
        assert_eq!(c.series.len(), 1);
        assert_eq!(c.rows[1].label, "省级");
        assert_eq!(c.rows[1].values, vec![4.0]);
    }

    #[test]
    fn nested_objects_become_stacked_series() {
        let c = chart(
            json!({"2023": {"activities": 3, "honors": 1}, "2024": {"honors": 2, "techniques": 5}}),
            Shape::Columns,
        );
        let keys: Vec<&str> = c.series.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["activities", "honors", "techniques"]);
        assert_eq!(c.rows[1].values, vec![0.0, 2.0, 5.0]);
    }

    #[test]
    fn every_value_appears_in_svg_and_table() {
        for shape in [Shape::Bars, Shape::Columns] {
            let html = chart(json!({"国家级": 1, "省级": 4.5, "县级": 0}), shape).render(&words());
            let doc = roxmltree::Document::parse(&html).expect("well-formed chart");
            let rects: Vec<(&str, &str)> = doc
                .descendants()
                .filter(|n| n.has_tag_name("rect"))
                .map(|n| {
                    (
                        n.attribute("data-row").unwrap(),
                        n.attribute("data-value").unwrap(),
                    )
                })
                .collect();
            // Zero draws no bar but still has a row in the table.
            assert_eq!(rects, [("国家级", "1"), ("省级", "4.5")]);
            assert!(html.contains("<th scope=\"row\">县级</th><td>0</td>"));
            assert!(html.contains("<title id=\"c-st\">荣誉 &lt;级别&gt;</title>"));
            assert!(html.contains("共 3 项，最多的是省级（4.5项）"));
        }
    }

    #[test]
    fn empty_data_says_so() {
        let html = chart(json!({"国家级": 0}), Shape::Bars).render(&words());
        assert!(html.contains("<desc id=\"c-d\">暂无数据</desc>"));
        assert!(!html.contains("<rect"));
    }

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(3.0), 4.0);
        assert_eq!(nice_ceiling(7.0), 8.0);
        assert_eq!(nice_ceiling(12.0), 20.0);
        assert_eq!(nice_ceiling(230.0), 250.0);
    }
}
