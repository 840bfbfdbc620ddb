use super::*;

/// The site.yaml with every commented-out example line (`#kinds:`, `#  models:` …) enabled.
fn uncommented(site: &str) -> String {
    site.lines()
        .map(|l| {
            let rest = l.strip_prefix('#').unwrap_or(l);
            let yaml = rest.trim_start();
            let is_example = l.starts_with('#')
                && (yaml.starts_with("- ")
                    || yaml.split_once(':').is_some_and(|(k, _)| {
                        !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    }));
            if is_example { rest } else { l }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn site_yaml_parses_with_the_real_loader() {
    let site = site_yaml();
    assert!(!site.contains("{default_"), "{site}");
    assert!(
        site.contains("#   honors：荣誉，new honor，level* 级别"),
        "{site}"
    );
    assert!(
        site.contains("#   patients_served：服务群众（人次，只能是整数）"),
        "{site}"
    );
    let config = parse_config(&site).unwrap();
    assert_eq!(config.language, Lang::ZhCn);
    let defaults = parse_config("").unwrap();
    let keys = |c: &Config| c.kinds.iter().map(|k| k.key.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&config), keys(&defaults));
}

#[test]
fn site_yaml_examples_parse_once_uncommented() {
    let config = parse_config(&uncommented(&site_yaml())).unwrap();
    let models = &config.kinds[config.kind_index("models").unwrap()];
    assert_eq!(models.singular, "model");
    assert_eq!(
        models.field("position").unwrap().help.as_deref(),
        Some("如“心内科护士长”")
    );
    assert!(config.metric_index("screenings").is_some());
    let taxonomies: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(taxonomies, ["tags", "topics"]);
    let filing = config.filing.unwrap();
    assert_eq!(filing.icp.as_deref(), Some("陕ICP备2024000123号-1"));
    assert!(filing.police.is_some() && filing.institution.is_some());
    assert!(config.mourning);
}

#[test]
fn chinese_titles_get_pinyin_slugs() {
    assert_eq!(
        title_slug("主题党日活动", "activity"),
        "zhu-ti-dang-ri-huo-dong"
    );
    assert_eq!(title_slug("？！", "activity"), "activity");
    let long = title_slug(&"心内科党支部走进清溪县石桥镇开展义诊".repeat(3), "x");
    assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
}

#[test]
fn new_stories_of_every_kind_validate_with_the_schema() {
    let demo = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/site.yaml")).unwrap();
    let config = parse_config(&demo).unwrap();
    for lang in ["zh-CN", "en"] {
        let mut config = config.clone();
        config.language = Lang::parse(lang).unwrap();
        for kind in &config.kinds {
            let seed = StorySeed {
                kind,
                title: "2024: 义诊 #1",
                date: Date::new(2024, 3, 26).unwrap(),
            };
            let text = story_text(&config, &seed);
            check_story_text(&config, kind, &text, Path::new("x/index.md"))
                .unwrap_or_else(|d| panic!("{}\n{text}", d.message.en));
            assert!(text.contains("title: \"2024: 义诊 #1\"\n"), "{text}");
        }
    }
}

#[test]
fn required_fields_come_first_with_their_allowed_values() {
    let config = parse_config("").unwrap();
    let kind = &config.kinds[config.kind_index("techniques").unwrap()];
    let seed = StorySeed {
        kind,
        title: "首例",
        date: Date::new(2024, 3, 26).unwrap(),
    };
    let text = story_text(&config, &seed);
    let milestone = text.find("milestone: 国内首例").unwrap();
    assert!(milestone < text.find("department:").unwrap(), "{text}");
    assert!(
        text.contains(
            "# 首创范围（必填）：可选 国内首例、省内首例、市内首例、县内首例、院内首例\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("# 已开展例数（选填）：整数\ncases:\n"),
        "{text}"
    );
    assert!(
        text.contains("  patients_served: # 服务群众（人次）\n"),
        "{text}"
    );
}
