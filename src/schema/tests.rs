use super::*;
use crate::config::parse_config;
use crate::front_matter::parse_document;

fn story(text: &str) -> (Option<StoryMeta>, Vec<Diagnostic>) {
    let config = parse_config("metrics:\n  screenings: {label: 筛查, unit: 人次}\n").unwrap();
    let doc = parse_document(Path::new("s.md"), text, true).unwrap();
    let folder = config.kind_index("honors");
    let mut diagnostics = Vec::new();
    let meta = check_story(
        Path::new("s.md"),
        &doc.front,
        folder,
        &config,
        &mut diagnostics,
    );
    (meta, diagnostics)
}

#[test]
fn accepts_an_honor_with_an_english_level_alias() {
    let (meta, diags) = story(
        "---\ntitle: 获奖\ndate: 2024-03-26\nlevel: National\nmetrics:\n  screenings: 12\n---\n",
    );
    let meta = meta.expect("valid");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        meta.fields,
        vec![("level".to_string(), FieldValue::Text("国家级".into()))]
    );
    assert_eq!(meta.metrics, vec![(3, 12.0)]);
}

#[test]
fn errors_on_unknown_honor_level_with_line_and_allowed_values() {
    let (meta, diags) = story("---\ntitle: 获奖\ndate: 2024-03-26\nlevel: 国家\n---\n");
    assert!(meta.is_none());
    let d = &diags[0];
    assert_eq!(
        (d.line, d.column, d.field.as_deref()),
        (4, 8, Some("level"))
    );
    assert!(
        d.hint
            .as_ref()
            .unwrap()
            .zh
            .contains("国家级、省级、市级、县级、院级")
    );
}

#[test]
fn errors_on_missing_required_fields_and_impossible_dates() {
    let (_, diags) = story("---\ndate: 2024-02-30\n---\n");
    let fields: Vec<_> = diags.iter().map(|d| d.field.clone().unwrap()).collect();
    assert!(fields.contains(&"title".to_string()));
    assert!(fields.contains(&"date".to_string()));
    assert!(fields.contains(&"level".to_string()));
    let date = diags
        .iter()
        .find(|d| d.field.as_deref() == Some("date"))
        .unwrap();
    assert_eq!(date.line, 2);
}

#[test]
fn empty_metrics_report_nothing() {
    let (meta, diags) = story(
        "---\ntitle: a\ndate: 2024-01-01\nlevel: 省级\nmetrics:\n  participants:\n  screenings: 5\n---\n",
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(meta.unwrap().metrics, vec![(3, 5.0)]);
}

#[test]
fn errors_on_unknown_metric_naming_the_configured_ones() {
    let (_, diags) =
        story("---\ntitle: a\ndate: 2024-01-01\nlevel: 省级\nmetrics:\n  visitors: 3\n---\n");
    assert_eq!(diags[0].field.as_deref(), Some("metrics.visitors"));
    assert_eq!(diags[0].line, 6);
    assert!(
        diags[0]
            .hint
            .as_ref()
            .unwrap()
            .en
            .contains("participants, patients_served, volunteer_hours, screenings")
    );
}

#[test]
fn warns_on_unknown_fields_and_wrong_types() {
    let (meta, diags) = story(
        "---\ntitle: a\ndate: 2024-01-01\nlevel: 省级\ncolour: red\ncollective: maybe\n---\n",
    );
    assert!(meta.is_none());
    assert!(
        diags
            .iter()
            .any(|d| d.severity == crate::error::Severity::Warning
                && d.field.as_deref() == Some("colour"))
    );
    let wrong = diags
        .iter()
        .find(|d| d.field.as_deref() == Some("collective"))
        .unwrap();
    assert!(
        wrong.message.en.contains("must be true or false"),
        "{:?}",
        wrong.message
    );
}

#[test]
fn parses_rfc3339_dates() {
    assert_eq!(
        parse_date("2024-03-26T09:30:00+08:00").unwrap().to_string(),
        "2024-03-26"
    );
    assert!(parse_date("2024-13-01").is_none());
    assert!(parse_date("2024-03-26Tnonsense").is_none());
}

#[test]
fn suggests_the_value_or_field_that_was_meant() {
    for written in ["省级荣誉", "省部级"] {
        let (_, diags) = story(&format!(
            "---\ntitle: a\ndate: 2024-01-01\nlevel: {written}\n---\n"
        ));
        let hint = &diags[0].hint.as_ref().unwrap().zh;
        assert!(hint.starts_with("是否想写“省级”？"), "{written}: {hint}");
    }
    let (_, diags) = story("---\ntitle: a\ndate: 2024-01-01\nlevle: 省级\n---\n");
    let warning = diags
        .iter()
        .find(|d| d.field.as_deref() == Some("levle"))
        .unwrap();
    assert!(
        warning
            .hint
            .as_ref()
            .unwrap()
            .en
            .starts_with("did you mean `level`?"),
        "{warning:?}"
    );
}

#[test]
fn splits_lists_written_with_full_width_commas() {
    let (meta, diags) =
        story("---\ntitle: a\ndate: 2024-01-01\nlevel: 省级\ntags: [义诊，健康宣教]\n---\n");
    assert_eq!(meta.unwrap().taxonomies[0].1, vec!["义诊", "健康宣教"]);
    assert!(diags[0].message.zh.contains("中文逗号"));
}

#[test]
fn whole_metrics_refuse_a_fraction_and_others_keep_accepting_one() {
    // The defaults declare participants and patients_served whole; the
    // portal's own screenings and the default volunteer hours are not.
    let (meta, diags) = story(
        "---\ntitle: a\ndate: 2024-01-01\nlevel: 省级\nmetrics:\n  participants: 3.5\n  patients_served: 120.0\n  volunteer_hours: 2.5\n  screenings: 1.5\n---\n",
    );
    assert!(meta.is_none());
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d.code, Code::MetricFraction);
    assert_eq!(
        (d.line, d.field.as_deref()),
        (6, Some("metrics.participants"))
    );
    assert!(d.message.zh.contains("“参与人数”"), "{}", d.message.zh);
    assert!(
        d.message.en.contains("\"Participants\""),
        "{}",
        d.message.en
    );
}

#[test]
fn a_metric_redeclared_without_integer_accepts_fractions_as_before() {
    let config = parse_config("metrics:\n  participants: {label: 参与人数, unit: 人}\n").unwrap();
    let doc = parse_document(
        Path::new("s.md"),
        "---\ntitle: a\ndate: 2024-01-01\nlevel: 省级\nmetrics:\n  participants: 3.5\n---\n",
        true,
    )
    .unwrap();
    let mut diags = Vec::new();
    let meta = check_story(
        Path::new("s.md"),
        &doc.front,
        config.kind_index("honors"),
        &config,
        &mut diags,
    );
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(meta.unwrap().metrics, vec![(0, 3.5)]);
}
