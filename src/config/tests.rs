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
