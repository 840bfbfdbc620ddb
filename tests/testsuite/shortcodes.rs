//! Shortcodes in story bodies: the HTML they give in a real build of the
//! `photos` fixture portal, and the errors (file, line, what is allowed)
//! for every way of getting one wrong.

use crate::common::{build_ok, copy_fixture, fake_mp4, read, run, text, write};

const BUNDLE: &str = "content/branches/clinic/activities/2024-05-10-village-clinic";
const STORY: &str = "branches/clinic/activities/village-clinic";

fn story_html() -> String {
    let tmp = copy_fixture("photos");
    let out = build_ok(tmp.path(), &[]);
    read(&out, &format!("{STORY}/index.html"))
}

#[test]
fn figure_gallery_and_stat_render_in_the_body() {
    let html = story_html();
    let base = format!("/{STORY}");
    assert!(html.contains(&format!(
        r#"<figure class="bp-figure"><img src="{base}/rotated-300w.jpg" srcset="{base}/rotated-300w.jpg 300w" sizes="(max-width: 48rem) 100vw, 48rem" width="300" height="600" alt="医生为村民测血压" loading="lazy" decoding="async" /><figcaption>义诊现场</figcaption></figure>"#
    )), "{html}");
    // gallery(): the bundle's photos in file-name order, the cover (wide.jpg) left out.
    let gallery = html
        .split("<figure class=\"bp-gallery\">")
        .nth(1)
        .expect("a gallery");
    let first = &gallery[..gallery.find("</figure>").unwrap()];
    let srcs: Vec<&str> = first
        .split("<img src=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        srcs,
        [
            format!("{base}/rotated-300w.jpg"),
            format!("{base}/screen-500w.jpg")
        ]
    );
    assert!(first.contains(r#"sizes="(max-width: 40rem) 50vw, 16rem""#));
    // gallery(src=[…]): in the order given; a GIF is shown as it is.
    let second = html
        .split("<figure class=\"bp-gallery\">")
        .nth(2)
        .expect("a second gallery");
    assert!(second.starts_with(&format!(
        r#"<ul><li><img src="{base}/wide-960w.jpg" srcset="{base}/wide-480w.jpg 480w, "#
    )));
    assert!(second.contains(&format!(
        r#"<li><img src="{base}/anim.gif" alt="活动剪影 2/2" loading="lazy" decoding="async" /></li></ul><figcaption>活动剪影</figcaption></figure>"#
    )));
    assert!(html.contains(
        r#"<p class="bp-stat"><span class="bp-stat-label">服务群众</span> <strong class="bp-stat-value">300<small>人次</small></strong></p>"#
    ));
    // A GIF in Markdown stays a plain image.
    assert!(html.contains(&format!(r#"<img src="{base}/anim.gif" alt="动图" />"#)));
}

#[test]
fn code_blocks_and_inline_code_keep_shortcodes_as_text() {
    let html = story_html();
    assert!(
        html.contains("{{ figure(src=&quot;nope.jpg&quot;) }}")
            || html.contains("{{ figure(src=\"nope.jpg\") }}"),
        "{html}"
    );
    assert!(
        html.contains("<code>{{ stat(value=&quot;1&quot;) }}</code>")
            || html.contains("<code>{{ stat(value=\"1\") }}</code>"),
        "{html}"
    );
}

#[test]
fn a_video_plays_from_the_bundle_with_its_poster() {
    let tmp = copy_fixture("photos");
    let index = tmp.path().join(BUNDLE).join("index.md");
    std::fs::write(tmp.path().join(BUNDLE).join("clip.mp4"), fake_mp4(false)).unwrap();
    let mut text = std::fs::read_to_string(&index).unwrap();
    text.push_str(
        "\n{{ video(src=\"clip.mp4\", poster=\"wide.jpg\", caption=\"义诊 <视频>\") }}\n",
    );
    std::fs::write(&index, text).unwrap();
    let out = build_ok(tmp.path(), &[]);
    let html = read(&out, &format!("{STORY}/index.html"));
    let base = format!("/{STORY}");
    assert!(html.contains(&format!(
        r#"<figure class="bp-video"><video controls="" preload="metadata" playsinline="" poster="{base}/wide-960w.jpg" width="1100" height="360"><source src="{base}/clip.mp4" type="video/mp4" /><a href="{base}/clip.mp4">clip.mp4</a></video><figcaption>义诊 &lt;视频&gt;</figcaption></figure>"#
    )), "{html}");
}

#[test]
fn every_mistake_is_reported_with_its_line_and_what_is_allowed() {
    let tmp = copy_fixture("photos");
    let body = [
        "---",
        "title: 错误示例",
        "date: 2024-06-01",
        "type: 义诊",
        "---",
        "正文。",
        "",
        "{{ photo(src=\"wide.jpg\") }}",
        "",
        "{{ figure(caption=\"缺少图片\") }}",
        "",
        "{{ figure(src=\"nope.jpg\", caption=\"不存在\") }}",
        "",
        "{{ stat(value=\"3\", label=\"次\", color=\"red\") }}",
        "",
        "紧跟正文的短代码：",
        "{{ stat(value=\"3\", label=\"次\") }}",
        "",
        "{{ video(src=\"wide.jpg\") }}",
        "",
        "{{ gallery() }}",
        "",
        "{{ figure(src=“wide.jpg”, caption=\"全角引号\") }}",
    ]
    .join("\n");
    write(
        tmp.path(),
        "content/branches/clinic/activities/2024-06-01-errors.md",
        &body,
    );
    let out = run(tmp.path(), &["build"]);
    assert!(!out.status.success());
    let msg = text(&out);
    let file = "content/branches/clinic/activities/2024-06-01-errors.md";
    for (line, message, hint) in [
        (
            8,
            "未知的短代码“photo”",
            "可用的短代码：figure, gallery, video, stat",
        ),
        (
            10,
            "figure 缺少参数“src”",
            "figure 的参数：src, caption, alt",
        ),
        (
            12,
            "图片“nope.jpg”不存在（应在 content/branches/clinic/activities/nope.jpg）",
            "路径相对于该 Markdown 文件所在的文件夹",
        ),
        (
            14,
            "stat 没有参数“color”",
            "stat 的参数：value, unit, label",
        ),
        (17, "短代码必须单独成段", "上一行和下一行各留一个空行"),
        (19, "视频“wide.jpg”不存在", "请把文件放在稿件旁边"),
        (
            21,
            "gallery() 不写 src 时只能用在图文包",
            "gallery(src=[\"a.jpg\", \"b.jpg\"])",
        ),
        (23, "参数“src”的值有误", "英文半角"),
    ] {
        let at = format!("{file}:{line}:1");
        let pos = msg
            .find(&at)
            .unwrap_or_else(|| panic!("no error at {at}:\n{msg}"));
        let before = &msg[..pos];
        let block_start = before.rfind("错误[").unwrap();
        let block = &msg[block_start..];
        let block = &block[..block[6..].find("错误[").map_or(block.len(), |i| i + 6)];
        assert!(block.contains(message), "line {line}: {message}\n{block}");
        assert!(block.contains(hint), "line {line}: {hint}\n{block}");
    }
    let en = text(&run(tmp.path(), &["build", "--lang", "en"]));
    assert!(en.contains("unknown shortcode \"photo\""), "{en}");
    assert!(
        en.contains("available shortcodes: figure, gallery, video, stat"),
        "{en}"
    );
}

#[test]
fn a_video_that_is_not_mp4_or_webm_is_refused() {
    let tmp = copy_fixture("photos");
    let index = tmp.path().join(BUNDLE).join("index.md");
    let mut text_md = std::fs::read_to_string(&index).unwrap();
    text_md.push_str("\n{{ video(src=\"anim.gif\") }}\n");
    std::fs::write(&index, text_md).unwrap();
    let out = run(tmp.path(), &["build"]);
    assert!(!out.status.success());
    let msg = text(&out);
    assert!(msg.contains("“anim.gif”不是 MP4 或 WebM 视频"), "{msg}");
    assert!(msg.contains(&format!("{BUNDLE}/index.md:")), "{msg}");
}
