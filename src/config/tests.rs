use super::*;

#[test]
fn defaults_have_three_kinds_and_three_metrics() {
    let c = parse_config("").unwrap();
    let kinds: Vec<_> = c.kinds.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(kinds, ["activities", "honors", "techniques"]);
    assert_eq!(c.metrics.len(), 3);
    assert_eq!(c.language, Lang::ZhCn);
    assert_eq!(c.base_url, "/");
}

#[test]
fn portal_adds_a_kind_and_a_metric_in_order() {
    let c = parse_config("kinds:\n  models:\n    name: 先锋模范\n    fields:\n      person: {required: true}\nmetrics:\n  screenings: {label: 筛查, unit: 人次}\n").unwrap();
    assert_eq!(c.kinds[3].key, "models");
    assert_eq!(c.kinds[3].singular, "model");
    assert_eq!(c.metrics[3].key, "screenings");
}

#[test]
fn rejects_unknown_keys_with_their_line() {
    let errors = parse_config("title: x\ntitel: y\n").unwrap_err();
    assert_eq!(errors[0].line, 2);
    assert!(
        errors[0].message.en.contains("unknown field `titel`"),
        "{:?}",
        errors[0]
    );
}

#[test]
fn rejects_kind_names_that_collide_with_routes() {
    let errors = parse_config("kinds:\n  stats:\n    name: 统计\n").unwrap_err();
    assert!(
        errors[0]
            .message
            .en
            .contains("kind name \"stats\" cannot be used"),
        "{:?}",
        errors[0]
    );
    let errors = parse_config("taxonomies:\n  - {name: years, label: 年}\n").unwrap_err();
    assert!(
        errors[0].message.en.contains("taxonomy name \"years\""),
        "{:?}",
        errors[0]
    );
}

#[test]
fn base_path_follows_base_url() {
    let mut c = parse_config("base_url: https://x.org/preview/42").unwrap();
    assert_eq!(c.base_url, "https://x.org/preview/42/");
    assert_eq!(c.base_path(), "/preview/42/");
    c.set_base_url("https://x.org");
    assert_eq!(c.base_path(), "/");
}

#[test]
fn filing_numbers_are_kept_as_written_with_the_police_code() {
    let c = parse_config(
        "title: x\nfiling:\n  icp: 陕ICP备2024000123号-1\n  police: 陕公网安备 61090202000123号\n  institution: {id: 1A2B3C}\n",
    )
    .unwrap();
    let f = c.filing.unwrap();
    assert_eq!(f.icp.as_deref(), Some("陕ICP备2024000123号-1"));
    let police = f.police.unwrap();
    assert_eq!(police.number, "陕公网安备 61090202000123号");
    assert_eq!(police.code, "61090202000123");
    let institution = f.institution.unwrap();
    assert_eq!(
        (institution.label.as_str(), institution.id.as_str()),
        ("事业单位", "1A2B3C")
    );
    assert!(!c.mourning);
}

#[test]
fn no_filing_or_an_empty_one_is_none() {
    assert_eq!(parse_config("title: x\n").unwrap().filing, None);
    assert_eq!(parse_config("filing: {}\n").unwrap().filing, None);
    assert_eq!(parse_config("filing:\n").unwrap().filing, None);
    let c = parse_config("filing: {icp: 京ICP备12345678号}\n").unwrap();
    let f = c.filing.unwrap();
    assert_eq!((f.police, f.institution), (None, None));
}

#[test]
fn icp_numbers_of_the_right_form_only() {
    for good in [
        "陕ICP备2024000123号-1",
        "京ICP备12345678号",
        "琼ICP备1号-12",
    ] {
        assert!(is_icp_number(good), "{good}");
    }
    for bad in [
        "",
        "陕ICP备2024000123",
        "陕ICP2024000123号",
        "ICP备2024000123号",
        "中ICP备2024000123号",
        "陕ICP备号",
        "陕ICP备2024000123号-",
        "陕ICP备2024000123号-a",
        "陕ICP备2024000123号1",
        "陕icp备2024000123号",
        "陕ICP备 2024000123号",
        "陕ICP证2024000123号",
    ] {
        assert!(!is_icp_number(bad), "{bad}");
    }
}

#[test]
fn police_numbers_of_the_right_form_only() {
    assert_eq!(
        police_code("陕公网安备61090202000123号"),
        Some("61090202000123")
    );
    assert_eq!(
        police_code("陕公网安备 61090202000123号"),
        Some("61090202000123")
    );
    for bad in [
        "",
        "陕公网安备6109020200012号",
        "陕公网安备610902020001234号",
        "陕公网安备61090202000123",
        "公网安备61090202000123号",
        "X公网安备61090202000123号",
        "陕公网安备  61090202000123号",
        "陕公网安备6109020200012a号",
        "陕公安备61090202000123号",
    ] {
        assert_eq!(police_code(bad), None, "{bad}");
    }
}

#[test]
fn malformed_filings_are_errors_at_their_line_with_the_form() {
    let errors = parse_config(
        "title: x\nfiling:\n  icp: 陕ICP2024000123号\n  police: 陕公网安备6109020200012号\n  institution: {id: \"a b\"}\n",
    )
    .unwrap_err();
    let found: Vec<_> = errors
        .iter()
        .map(|d| (d.code, d.line, d.field.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (Code::ConfigFiling, 3, Some("filing.icp".to_string())),
            (Code::ConfigFiling, 4, Some("filing.police".to_string())),
            (
                Code::ConfigFiling,
                5,
                Some("filing.institution.id".to_string())
            ),
        ]
    );
    let hint = errors[0].hint.as_ref().unwrap();
    assert!(hint.en.contains("e.g. 陕ICP备2024000123号-1"), "{hint:?}");
    // A flow mapping: the line that holds it.
    let errors =
        parse_config("title: x\nfiling: {icp: 陕ICP备1号, police: 陕公网安备1号}\n").unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 2);
}

#[test]
fn unknown_keys_under_filing_are_refused() {
    let errors = parse_config("filing:\n  icp: 陕ICP备1号\n  gongan: 1\n").unwrap_err();
    assert_eq!(errors[0].line, 3);
    assert!(
        errors[0].message.en.contains("unknown field `gongan`"),
        "{:?}",
        errors[0]
    );
}

#[test]
fn mourning_is_off_unless_set() {
    assert!(!parse_config("").unwrap().mourning);
    assert!(parse_config("mourning: true\n").unwrap().mourning);
}
