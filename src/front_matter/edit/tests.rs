use super::*;

const STORY: &str = "---
# 活动基本信息
title: 义诊活动走进石桥镇
date: 2024-03-26
level: 省级  # 省卫健委发文
tags: [义诊, 志愿服务]

# 数据
metrics:
  participants: 120   # 人次
  patients_served: 300
committee:
  组长: 张三
  副组长: 李四
summary: |-
  第一段

  # 不是注释
draft: false
---

正文第一段。

正文第二段。

正文第三段。
";

fn parse(text: &str) -> (Mapping, String) {
    let parts = split_file(text).expect("front matter");
    let front = match crate::yaml::parse::<Value>(&parts.front.concat()).unwrap() {
        Value::Mapping(m) => m,
        Value::Null => Mapping::new(),
        other => panic!("not a mapping: {other:?}"),
    };
    (front, parts.body.replace("\r\n", "\n"))
}

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

fn set(m: &Mapping, key: &str, value: Value) -> Mapping {
    let mut m = m.clone();
    m.insert(Value::from(key), value);
    m
}

fn yaml(text: &str) -> Value {
    crate::yaml::parse(text).unwrap()
}

fn assert_unchanged(text: &str) {
    let (front, body) = parse(text);
    assert_eq!(merge(text, &front, &front, &body), text);
    assert_eq!(
        merge(text, &front, &front, body.trim_start_matches('\n')),
        text
    );
    // The line-wise path alone must also reproduce every byte.
    let parts = split_file(text).unwrap();
    assert_eq!(
        merge_lines(&parts, &front, &front, &body).as_deref(),
        Some(text)
    );
}

#[test]
fn unchanged_files_are_byte_identical() {
    assert_unchanged(STORY);
    assert_unchanged(&crlf(STORY));
    assert_unchanged(&format!("\u{feff}{STORY}"));
    assert_unchanged(&format!("\u{feff}{}", crlf(STORY)));
    assert_unchanged("---\ntitle: 标签\ntags:\n- a\n- b\n---\n\nbody\n");
    assert_unchanged("---\n\"title\": \"引号\"\n'my key': 'it''s'\n\"a\\\"b\": 1\n---\nbody");
    assert_unchanged("---\nlevel: 省级  # 省卫健委发文\n---\n");
    assert_unchanged("---\n---\n\n正文\n");
    assert_unchanged("---\nx: 1\n---");
}

#[test]
fn changed_scalar_changes_only_its_line() {
    let (old, body) = parse(STORY);
    let new = set(&old, "title", Value::from("义诊：走进石桥镇"));
    let out = merge(STORY, &old, &new, &body);
    let (a, b): (Vec<_>, Vec<_>) = (STORY.lines().collect(), out.lines().collect());
    assert_eq!(a.len(), b.len());
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        if i == 2 {
            assert_eq!(*y, "title: 义诊：走进石桥镇");
        } else {
            assert_eq!(x, y, "line {i}");
        }
    }
    // Same in a CRLF file: the new line gets CRLF too.
    let text = crlf(STORY);
    let out = merge(&text, &old, &new, &body);
    assert_eq!(
        out,
        crlf(&STORY.replace("title: 义诊活动走进石桥镇", "title: 义诊：走进石桥镇"))
    );
}

#[test]
fn changed_metric_replaces_only_metrics_block() {
    let (old, body) = parse(STORY);
    let new = set(
        &old,
        "metrics",
        yaml("{participants: 150, patients_served: 300}"),
    );
    let out = merge(STORY, &old, &new, &body);
    let expected = STORY.replace(
        "metrics:\n  participants: 120   # 人次\n",
        "metrics:\n  participants: 150\n",
    );
    assert_eq!(out, expected);
    // 300 written as 300.0 is numerically unchanged: nothing moves.
    let same_values = set(
        &old,
        "metrics",
        yaml("{participants: 120.0, patients_served: 300}"),
    );
    assert_eq!(merge(STORY, &old, &same_values, &body), STORY);
}

#[test]
fn removed_and_added_keys() {
    let (old, body) = parse(STORY);
    let mut new = old.clone();
    new.remove("level");
    new.insert("committee".into(), Value::Null);
    new.insert("tags".into(), Value::Sequence(vec![]));
    new.insert("location".into(), Value::from("石桥镇"));
    new.insert("volunteers".into(), yaml("[王五, 赵六]"));
    new.insert("summary".into(), Value::from(""));
    let out = merge(STORY, &old, &new, &body);
    let expected = STORY
        .replace("level: 省级  # 省卫健委发文\n", "")
        .replace("tags: [义诊, 志愿服务]\n", "")
        .replace("committee:\n  组长: 张三\n  副组长: 李四\n", "")
        .replace("summary: |-\n  第一段\n\n  # 不是注释\n", "")
        .replace(
            "draft: false\n",
            "draft: false\nlocation: 石桥镇\nvolunteers: [王五, 赵六]\n",
        );
    assert_eq!(out, expected);
    // Keys added to an empty front matter go before the closing fence.
    let text = "---\n# 空\n---\n\nbody\n";
    let new = set(&Mapping::new(), "title", Value::from("新"));
    assert_eq!(
        merge(text, &Mapping::new(), &new, "body"),
        "---\n# 空\ntitle: 新\n---\n\nbody\n"
    );
}

#[test]
fn edited_body_paragraph_only() {
    let (old, body) = parse(STORY);
    let edited = body.replace("正文第二段。", "正文第二段（修改）。");
    let expected = STORY.replace("正文第二段。", "正文第二段（修改）。");
    assert_eq!(merge(STORY, &old, &old, &edited), expected);
    assert_eq!(merge(STORY, &old, &old, edited.trim()), expected);
    let text = format!("\u{feff}{}", crlf(STORY));
    let new = set(&old, "draft", Value::Bool(true));
    let out = merge(&text, &old, &new, &edited);
    assert_eq!(
        out,
        crlf(&format!(
            "\u{feff}{}",
            expected.replace("draft: false", "draft: true")
        ))
    );
    assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    // No blank line after the fence before: one is added.
    let out = merge(
        "---\nx: 1\n---",
        &yaml("x: 1").as_mapping().unwrap().clone(),
        &yaml("x: 1").as_mapping().unwrap().clone(),
        "hi\n",
    );
    assert_eq!(out, "---\nx: 1\n---\n\nhi\n");
}

#[test]
fn blocks_stop_before_trailing_blank_and_comment_lines() {
    let text =
        "---\ntags:\n- a\n- b\n\n# 注\nmetrics:\n  a: 1\n\n  b: 2\n  # tail\ntitle: x\n---\n";
    let (old, body) = parse(text);
    let new = set(&set(&old, "tags", yaml("[c]")), "metrics", yaml("{a: 3}"));
    let out = merge(text, &old, &new, &body);
    assert_eq!(
        out,
        "---\ntags: [c]\n\n# 注\nmetrics:\n  a: 3\n  # tail\ntitle: x\n---\n"
    );
}

#[test]
fn fallback_keeps_bom_and_crlf() {
    let text = "\u{feff}---\r\n{title: a, n: 1}\r\n---\r\n\r\nbody\r\n";
    let (old, body) = parse(text);
    assert_eq!(merge(text, &old, &old, &body), text);
    let edited = merge(text, &old, &old, "body2");
    assert_eq!(
        edited,
        "\u{feff}---\r\n{title: a, n: 1}\r\n---\r\n\r\nbody2\r\n"
    );
    let new = set(&old, "title", Value::from("b"));
    let out = merge(text, &old, &new, &body);
    assert_eq!(
        out,
        "\u{feff}---\r\ntitle: b\r\nn: 1\r\n---\r\n\r\nbody\r\n"
    );
    // No front matter at all.
    let plain = "Just text\r\n";
    assert_eq!(
        merge(plain, &Mapping::new(), &Mapping::new(), "Just text\n"),
        plain
    );
    let out = merge(plain, &Mapping::new(), &new, "Just text\n");
    assert_eq!(out, "---\r\ntitle: b\r\nn: 1\r\n---\r\n\r\nJust text\r\n");
}

#[test]
fn compose_round_trips() {
    let front = yaml(
        "title: 义诊，走进石桥镇\ndate: 2024-03-26\nn: 3\nf: 2.0\ntags: [义诊, \"a, b\"]\n\
         metrics: {participants: 120, rate: 0.5}\ntext: \"第一行\\n第二行\\n\"\nempty: \"\"\nnone: null\n",
    );
    let front = front.as_mapping().unwrap();
    let text = compose(front, "\n\n正文\n\n第二段\n\n\n");
    assert!(text.starts_with("---\ntitle: 义诊，走进石桥镇\ndate: 2024-03-26\n"));
    assert!(text.ends_with("---\n\n正文\n\n第二段\n"));
    let (got, body) = parse(&text);
    let mut wanted = front.clone();
    wanted.remove("empty");
    wanted.remove("none");
    assert_eq!(got, wanted);
    assert_eq!(body, "\n正文\n\n第二段\n");
    assert_eq!(compose(&Mapping::new(), ""), "---\n---\n\n");
}

const TRICKY: &[&str] = &[
    "",
    "true",
    "123",
    "a: b",
    "# x",
    "[急救]",
    "义诊，走进石桥镇",
    "含\"引号\"",
    "line1\nline2",
    "  lead",
    "trail ",
    "2024-03-26",
    "null",
    "~",
    "- dash",
    "@x",
    "%x",
    "a, b",
    "{x}",
    "中文 # 注释",
    "2024-03-26T10:00:00+08:00",
    "2024-03-26 10:00",
    "2024-03-26:",
    "1e3",
    ".inf",
    "NaN",
    "Yes",
    "y",
    "0x1F",
    "<<",
    "=",
    "a:b",
    "a\u{2028}b",
    "x\u{85}y",
    "\u{feff}bom",
    "tab\there",
    "back\\slash",
    "end\n",
    "two\n\n",
    "\nlead",
    "a\n  indented\n",
    "a\r\nb",
    "a\n\n\nb",
    "a\n  \n",
    "!tag",
    "*ref",
    "&anc",
    "it's",
    "'q'",
    "a #b",
    "a#b",
    "https://example.org/a?b=c#d",
    "😀 emoji",
    "NULL",
    "Off",
];

fn assert_round_trip(value: &Value) {
    let text = emit_entry("k", value);
    let parsed: Mapping = crate::yaml::parse(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    assert_eq!(parsed.get("k"), Some(value), "emitted {text:?}");
}

#[test]
fn emitted_values_parse_back_exactly() {
    for s in TRICKY {
        assert_round_trip(&Value::from(*s));
        // As a key, as a list item, as a map value and inside deeper nesting.
        let text = emit_entry(s, &Value::from(1));
        let parsed: Mapping = crate::yaml::parse(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(parsed.get(*s), Some(&Value::from(1)), "{text:?}");
    }
    let strings: Vec<Value> = TRICKY.iter().map(|s| Value::from(*s)).collect();
    assert_round_trip(&Value::Sequence(strings.clone()));
    let map: Mapping = TRICKY
        .iter()
        .map(|s| (Value::from(*s), Value::from(*s)))
        .collect();
    assert_round_trip(&Value::Mapping(map.clone()));
    let deep = yaml("{a: [1, {b: [x, y]}], c: {d: {}}}");
    let mut nested = Mapping::new();
    nested.insert("list".into(), Value::Sequence(strings));
    nested.insert("map".into(), Value::Mapping(map));
    nested.insert("deep".into(), deep.clone());
    assert_round_trip(&Value::Mapping(nested));
    for v in [
        "2.0",
        "3.5",
        "-7",
        "18446744073709551615",
        "1e20",
        "-0.0",
        ".nan",
        ".inf",
        "true",
    ] {
        let value = yaml(v);
        if !value.as_f64().is_some_and(f64::is_nan) {
            assert_round_trip(&value);
        }
    }
    for v in [
        "[]",
        "{}",
        "null",
        "[[1, 2], {a: b}]",
        "!custom [a]",
        "[2024-03-26]",
        "{1: one, true: t}",
    ] {
        assert_round_trip(&yaml(v));
    }
    assert_round_trip(&deep);
}

#[test]
fn emitted_forms_are_the_readable_ones() {
    assert_eq!(
        emit_entry("date", &Value::from("2024-03-26")),
        "date: 2024-03-26\n"
    );
    assert_eq!(emit_entry("n", &yaml("2.0")), "n: 2.0\n");
    assert_eq!(emit_entry("n", &yaml("3.5")), "n: 3.5\n");
    assert_eq!(
        emit_entry("tags", &yaml("[义诊, 志愿服务, \"a, b\"]")),
        "tags: [义诊, 志愿服务, \"a, b\"]\n"
    );
    assert_eq!(
        emit_entry(
            "metrics",
            &yaml("{participants: 120, patients_served: 300}")
        ),
        "metrics:\n  participants: 120\n  patients_served: 300\n"
    );
    assert_eq!(
        emit_entry("text", &Value::from("一\n\n二")),
        "text: |-\n  一\n\n  二\n"
    );
    assert_eq!(
        emit_entry("text", &Value::from("一\n二\n")),
        "text: |\n  一\n  二\n"
    );
    assert_eq!(
        emit_entry("text", &Value::from("  一\n二")),
        "text: \"  一\\n二\"\n"
    );
}

#[test]
fn quoted_keys_are_found_and_edited_in_place() {
    let text = "---\n\"title\": \"引号\"  # c\n'it''s': 'x'\n\"a\\\"b #1\": 1\n---\n\nbody\n";
    let (old, body) = parse(text);
    assert_eq!(old.get("a\"b #1"), Some(&Value::from(1)));
    let new = set(
        &set(&old, "it's", Value::from("y")),
        "a\"b #1",
        Value::from(2),
    );
    let out = merge(text, &old, &new, &body);
    let expected = "---\n\"title\": \"引号\"  # c\nit's: y\n\"a\\\"b #1\": 2\n---\n\nbody\n";
    assert_eq!(out, expected);
}

#[test]
fn unsafe_line_edit_falls_back_to_compose() {
    // Replacing the anchored block would orphan the alias: the check catches it.
    let text = "---\nbase: &b 甲\nother: *b  # 同上\n---\n\nbody\n";
    let (old, body) = parse(text);
    assert_eq!(old.get("other"), Some(&Value::from("甲")));
    let new = set(&old, "base", Value::from("乙"));
    assert_eq!(
        merge(text, &old, &new, &body),
        "---\nbase: 乙\nother: 甲\n---\n\nbody\n"
    );
    // A key line that is not at column 0 is not found: fallback too.
    let text = "---\n  title: a\n---\n";
    let (old, body) = parse(text);
    let new = set(&old, "title", Value::from("b"));
    assert_eq!(merge(text, &old, &new, &body), "---\ntitle: b\n---\n\n");
}

#[test]
fn numbers_compare_numerically() {
    assert!(same(&yaml("1"), &yaml("1.0")));
    assert!(same(&Value::from(5u64), &Value::from(5i64)));
    assert!(same(&yaml(".nan"), &yaml(".nan")));
    assert!(!same(&yaml("1"), &yaml("\"1\"")));
    assert!(same(&yaml("{a: [1, 2.0]}"), &yaml("{a: [1.0, 2]}")));
}
