//! `init` and `new` with the real binary: a new portal builds at once, every
//! scaffolded file passes `check`, nothing is overwritten, and mistakes name
//! what is allowed. Also: the writers' guide is a page of the demo portal.

use std::path::{Path, PathBuf};

use crate::common::*;

const DATE: &str = "2024-03-26";

/// A new portal made by `init` in a temporary folder: (tempdir, portal folder).
fn init_portal() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["init", "portal"]);
    assert!(out.status.success(), "{}", text(&out));
    let portal = tmp.path().join("portal");
    (tmp, portal)
}

/// The demo portal's site.yaml and content/ copied into a temporary folder.
fn copy_demo() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("site.yaml"), tmp.path().join("site.yaml")).unwrap();
    copy_dir(&root.join("content"), &tmp.path().join("content"));
    tmp
}

fn assert_ok(root: &Path, args: &[&str]) -> String {
    let out = run(root, args);
    assert!(out.status.success(), "{args:?}:\n{}", text(&out));
    text(&out)
}

fn assert_fails(root: &Path, args: &[&str]) -> String {
    let out = run(root, args);
    assert!(
        !out.status.success(),
        "{args:?} should fail:\n{}",
        text(&out)
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    text(&out)
}

/// The story folders of one branch and kind.
fn stories(root: &Path, branch: &str, kind: &str) -> Vec<String> {
    let dir = root.join("content/branches").join(branch).join(kind);
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn init_makes_a_portal_that_builds_and_checks_strictly() {
    let (_tmp, portal) = init_portal();
    let out = run(portal.parent().unwrap(), &["init", "other"]);
    let said = text(&out);
    assert!(
        said.contains("site.yaml") && said.contains("content/_index.md"),
        "{said}"
    );
    assert!(said.contains("  cd other\n  branchpress serve"), "{said}");
    assert_eq!(
        read(&portal, ".gitignore")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>(),
        ["public/", ".branchpress-cache/"]
    );
    let profile = read(&portal, "content/branches/example/_branch.md");
    for field in [
        "name",
        "secretary",
        "committee",
        "members",
        "departments",
        "brand",
        "motto",
        "founded",
        "parent",
        "order",
        "logo",
        "cover",
    ] {
        assert!(profile.contains(&format!("\n{field}:")), "{field}");
    }
    assert_ok(&portal, &["check", "--strict"]);
    let public = build_ok(&portal, &["--strict"]);
    // One example story of every default kind, each in a bundle folder.
    let defaults = branchpress::config::parse_config("").unwrap();
    for kind in &defaults.kinds {
        let names = stories(&portal, "example", &kind.key);
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(
            portal
                .join("content/branches/example")
                .join(&kind.key)
                .join(&names[0])
                .join("index.md")
                .is_file()
        );
        let slug = &names[0][11..];
        let page = format!("branches/example/{}/{slug}/index.html", kind.key);
        assert!(
            read(&public, &page).contains(&format!("{}示例", kind.name)),
            "{page}"
        );
    }
    assert!(read(&public, "branches/example/index.html").contains("示例党支部"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "busy/notes.txt", "mine");
    let msg = assert_fails(tmp.path(), &["init", "busy"]);
    assert!(msg.contains("文件夹“busy”已存在且不是空的"), "{msg}");
    assert_eq!(read(tmp.path(), "busy/notes.txt"), "mine");
    assert!(!tmp.path().join("busy/site.yaml").exists());
    let msg = assert_fails(tmp.path(), &["--lang", "en", "init", "busy"]);
    assert!(msg.contains("exists and is not empty"), "{msg}");
    // An empty folder is fine.
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    assert_ok(tmp.path(), &["init", "empty"]);
    assert_ok(&tmp.path().join("empty"), &["check", "--strict"]);
}

#[test]
fn new_writes_a_story_of_every_kind_that_checks() {
    let tmp = copy_demo();
    let root = tmp.path();
    for (kind, folder) in [
        ("activity", "activities"),
        ("honor", "honors"),
        ("technique", "techniques"),
        ("model", "models"),
    ] {
        let said = assert_ok(
            root,
            &[
                "new",
                kind,
                "--branch",
                "imaging",
                "主题党日活动",
                "--date",
                DATE,
            ],
        );
        let rel =
            format!("content/branches/imaging/{folder}/{DATE}-zhu-ti-dang-ri-huo-dong/index.md");
        assert!(said.contains(&rel), "{said}");
        let story = read(root, &rel);
        assert!(
            story.starts_with("---\n# 标题（必填）\ntitle: 主题党日活动\n"),
            "{story}"
        );
        assert!(story.contains(&format!("\ndate: {DATE}\n")), "{story}");
    }
    let model = read(
        root,
        &format!("content/branches/imaging/models/{DATE}-zhu-ti-dang-ri-huo-dong/index.md"),
    );
    // Required fields first, with their allowed values; metrics with units.
    assert!(
        model.find("person:").unwrap() < model.find("position:").unwrap()
            && model.find("category:").unwrap() < model.find("position:").unwrap(),
        "{model}"
    );
    assert!(model.contains("# 类别（必填）：可选 优秀共产党员、优秀党务工作者、岗位标兵、青年先锋\ncategory: 优秀共产党员\n"), "{model}");
    assert!(
        model.contains("  screenings:      # 健康筛查（人次）\n"),
        "{model}"
    );
    assert_ok(root, &["check", "--strict"]);
    let out = tmp.path().join("out");
    assert_ok(
        root,
        &["build", "--strict", "--output", out.to_str().unwrap()],
    );
    assert!(
        out.join("branches/imaging/honors/zhu-ti-dang-ri-huo-dong/index.html")
            .is_file()
    );
}

#[test]
fn new_branch_then_a_story_in_it() {
    let (_tmp, portal) = init_portal();
    let said = assert_ok(
        &portal,
        &["new", "branch", "imaging", "--name", "医学影像党支部"],
    );
    assert!(
        said.contains("content/branches/imaging/_branch.md"),
        "{said}"
    );
    assert!(
        read(&portal, "content/branches/imaging/_branch.md").contains("\nname: 医学影像党支部\n")
    );
    // The branch can be named by its full name too; words need no quotes.
    assert_ok(
        &portal,
        &[
            "new",
            "activity",
            "--branch",
            "医学影像党支部",
            "走进",
            "石桥镇",
            "--date",
            DATE,
        ],
    );
    assert_eq!(
        stories(&portal, "imaging", "activities"),
        [format!("{DATE}-zou-jin-shi-qiao-zhen")]
    );
    assert_ok(&portal, &["check", "--strict"]);
    let public = build_ok(&portal, &["--strict"]);
    let page = read(
        &public,
        "branches/imaging/activities/zou-jin-shi-qiao-zhen/index.html",
    );
    assert!(page.contains("石桥镇") && page.contains("医学影像党支部"));
    let msg = assert_fails(&portal, &["new", "branch", "影像", "--name", "影像"]);
    assert!(
        msg.contains("只能用小写英文字母") && msg.contains("ying-xiang"),
        "{msg}"
    );
    let msg = assert_fails(&portal, &["new", "branch", "imaging", "--name", "又一个"]);
    assert!(msg.contains("文件已存在，没有覆盖它"), "{msg}");
    assert!(read(&portal, "content/branches/imaging/_branch.md").contains("医学影像党支部"));
}

#[test]
fn new_refuses_to_overwrite_a_story() {
    let (_tmp, portal) = init_portal();
    let args = [
        "new",
        "honor",
        "--branch",
        "example",
        "获评先进基层党组织",
        "--date",
        DATE,
    ];
    assert_ok(&portal, &args);
    let rel = format!(
        "content/branches/example/honors/{DATE}-huo-ping-xian-jin-ji-ceng-dang-zu-zhi/index.md"
    );
    let edited = read(&portal, &rel).replace("level: 国家级", "level: 省级");
    write(&portal, &rel, &edited);
    let msg = assert_fails(&portal, &args);
    assert!(
        msg.contains(&rel) && msg.contains("文件已存在，没有覆盖它"),
        "{msg}"
    );
    assert!(msg.contains("没有写入任何文件"), "{msg}");
    assert_eq!(read(&portal, &rel), edited);
    // The same title on another day gets its own URL.
    assert_ok(
        &portal,
        &[
            "new",
            "honor",
            "--branch",
            "example",
            "获评先进基层党组织",
            "--date",
            "2024-04-01",
        ],
    );
    assert!(
        stories(&portal, "example", "honors")
            .contains(&"2024-04-01-huo-ping-xian-jin-ji-ceng-dang-zu-zhi-2".to_string())
    );
    assert_ok(&portal, &["check", "--strict"]);
}

#[test]
fn unknown_kind_and_branch_list_what_is_allowed() {
    let tmp = copy_demo();
    let root = tmp.path();
    let msg = assert_fails(root, &["new", "activty", "--branch", "imaging", "标题"]);
    assert!(msg.contains("未知的稿件类型“activty”"), "{msg}");
    for allowed in [
        "branch",
        "activity（党建活动）",
        "honor（荣誉）",
        "technique（新技术新项目）",
        "model（先锋模范）",
    ] {
        assert!(msg.contains(allowed), "{allowed}: {msg}");
    }
    let msg = assert_fails(root, &["new", "activity", "--branch", "imageing", "标题"]);
    assert!(msg.contains("没有名为“imageing”的支部"), "{msg}");
    for slug in [
        "admin",
        "emergency",
        "imaging",
        "internal-medicine",
        "respiratory",
    ] {
        assert!(msg.contains(slug), "{slug}: {msg}");
    }
    let msg = assert_fails(
        root,
        &["--lang", "en", "new", "award", "--branch", "imaging", "x"],
    );
    assert!(
        msg.contains("unknown kind of story \"award\"")
            && msg.contains("branch, activity, honor, technique, model"),
        "{msg}"
    );
    let msg = assert_fails(root, &["new", "activity", "标题"]);
    assert!(msg.contains("请用 --branch"), "{msg}");
    let msg = assert_fails(
        root,
        &[
            "new",
            "activity",
            "--branch",
            "imaging",
            "标题",
            "--date",
            "2024-02-30",
        ],
    );
    assert!(msg.contains("日期“2024-02-30”无效"), "{msg}");
    let msg = assert_fails(root, &["new", "branch", "x"]);
    assert!(msg.contains("--name"), "{msg}");
    assert!(!root.join("content/branches/x").exists());
}

#[test]
fn demo_portal_has_the_writers_guide_as_a_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // One text in two places: the docs file is a link to the page's source.
    assert_eq!(
        std::fs::read_to_string(root.join("docs/写作指南.md")).unwrap(),
        std::fs::read_to_string(root.join("content/写作指南.md")).unwrap()
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert_ok(root, &["check", "--strict"]);
    assert_ok(
        root,
        &["build", "--quiet", "--output", out.to_str().unwrap()],
    );
    let page = read(&out, "xie-zuo-zhi-nan/index.html");
    assert!(page.contains("<h1>写作指南</h1>"), "{page}");
    assert!(
        page.contains("常见错误提示") && page.contains("缺少必填字段"),
        "{page}"
    );
    assert!(read(&out, "about/index.html").contains("href=\"/xie-zuo-zhi-nan/\""));
}

#[test]
fn writers_guide_lists_every_field_and_value_of_the_default_kinds() {
    let guide =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/写作指南.md"))
            .unwrap();
    let config = branchpress::config::parse_config("").unwrap();
    for kind in &config.kinds {
        assert!(
            guide.contains(&format!("`{}`", kind.singular)),
            "{}",
            kind.singular
        );
        for (key, spec) in &kind.fields {
            assert!(
                guide.contains(&format!(
                    "| `{key}` | {} |",
                    if spec.required { "必填" } else { "选填" }
                )),
                "{key}"
            );
            for value in &spec.values {
                assert!(guide.contains(value.as_str()), "{key}: {value}");
            }
        }
    }
    for m in &config.metrics {
        assert!(
            guide.contains(&format!("| `{}` | {} | {} |", m.key, m.label, m.unit)),
            "{}",
            m.key
        );
    }
}
