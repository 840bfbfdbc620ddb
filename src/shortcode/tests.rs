use super::html::{Expansion, Media, Shown, expand};
use super::*;
use crate::images::Picture;

fn call(line: &str) -> Call {
    parse_call(line).unwrap_or_else(|e| panic!("{line}: {e:?}"))
}

fn error(line: &str) -> ShortcodeError {
    parse_call(line).expect_err(line)
}

#[test]
fn parses_strings_numbers_booleans_and_lists() {
    let c = call(r#"{{ gallery(src=["a.jpg", "b 图.jpg"], caption="活动\"剪影\"") }}"#);
    assert_eq!(c.name, "gallery");
    assert_eq!(c.list("src").unwrap(), ["a.jpg", "b 图.jpg"]);
    assert_eq!(c.text("caption"), Some("活动\"剪影\""));
    let c = call("{{stat(value=300, label=\"服务群众\",unit=\"人次\")}}");
    assert_eq!(c.text("value"), Some("300"));
    assert_eq!(
        parse_syntax("{{ x(a=true, b=-1.5, c=[]) }}").unwrap().args,
        vec![
            ("a".to_string(), Arg::Bool(true)),
            ("b".to_string(), Arg::Num("-1.5".into())),
            ("c".to_string(), Arg::List(vec![])),
        ]
    );
    assert_eq!(call("{{ gallery() }}").args, vec![]);
}

#[test]
fn recognises_lines_meant_as_shortcodes() {
    assert!(looks_like_call("  {{ figure(src=\"a.jpg\") }} "));
    assert!(looks_like_call("{{ nope() }}"));
    assert!(!looks_like_call("{{ 这不是 }}"));
    assert!(!looks_like_call("`{{ figure() }}`"));
    assert!(!looks_like_call("text {{ figure() }}"));
}

#[test]
fn explains_what_is_allowed() {
    let e = error("{{ photo(src=\"a.jpg\") }}");
    assert_eq!(e.message.zh, "未知的短代码“photo”");
    assert!(e.hint.unwrap().zh.contains("figure, gallery, video, stat"));
    let e = error("{{ figure(caption=\"x\") }}");
    assert_eq!(e.message.en, "figure is missing argument \"src\"");
    assert!(e.hint.unwrap().en.contains("src, caption, alt"));
    let e = error("{{ figure(src=\"a.jpg\", title=\"x\") }}");
    assert_eq!(e.message.zh, "figure 没有参数“title”");
    let e = error("{{ figure(src=a.jpg) }}");
    assert!(e.message.zh.contains("文字须加英文双引号"), "{e:?}");
    let e = error("{{ figure(src=“a.jpg”) }}");
    assert!(e.hint.unwrap().zh.contains("英文半角"));
    let e = error("{{ gallery(src=\"a.jpg\") }}");
    assert!(e.hint.unwrap().zh.contains("文件名列表"));
    let e = error("{{ stat(value=\"1\", label=\"x\", value=\"2\") }}");
    assert!(e.message.zh.contains("写了两次"));
    assert!(
        error("{{ figure(src=\"a.jpg\" }}")
            .message
            .zh
            .contains("右括号")
    );
    assert!(
        error("{{ figure(src=\"a.jpg\" alt=\"b\") }}")
            .message
            .zh
            .contains("逗号")
    );
    assert!(
        error("{{ figure(src=\"a.jpg) }}")
            .message
            .zh
            .contains("没有闭合")
    );
}

struct Fake;

impl Media for Fake {
    fn image(&self, src: &str) -> Result<Shown, ShortcodeError> {
        match src {
            "a.jpg" => Ok(Shown::Picture(Picture {
                src: "/s/a-960w.jpg".into(),
                srcset: "/s/a-480w.jpg 480w, /s/a-960w.jpg 960w".into(),
                width: 960,
                height: 640,
            })),
            "x.gif" => Ok(Shown::Plain("/s/x.gif".into())),
            _ => Err(ShortcodeError::new(
                Text::new("无", "none"),
                Text::new("", ""),
            )),
        }
    }
    fn bundle_photos(&self) -> Result<Vec<Shown>, ShortcodeError> {
        Ok(vec![self.image("a.jpg")?, self.image("x.gif")?])
    }
    fn video(&self, src: &str) -> Result<String, ShortcodeError> {
        Ok(format!("/s/{src}"))
    }
}

fn html(line: &str) -> Expansion {
    expand(&call(line), &Fake).unwrap()
}

#[test]
fn builds_escaped_html_for_each_shortcode() {
    let f = html(r#"{{ figure(src="a.jpg", caption="义诊<现场>") }}"#);
    assert!(
        f.html
            .starts_with("<figure class=\"bp-figure\"><img src=\"/s/a-960w.jpg\" srcset=")
    );
    assert!(f.html.contains("alt=\"义诊&lt;现场&gt;\""), "{}", f.html);
    assert!(
        f.html
            .ends_with("<figcaption>义诊&lt;现场&gt;</figcaption></figure>\n")
    );
    assert_eq!(f.text, "义诊<现场>");
    let f = html(r#"{{ figure(src="x.gif", alt="动图") }}"#);
    assert!(
        f.html.contains("<img src=\"/s/x.gif\" alt=\"动图\""),
        "{}",
        f.html
    );
    assert!(!f.html.contains("figcaption"));
    let e = expand(&call(r#"{{ figure(src="a.jpg") }}"#), &Fake).unwrap_err();
    assert!(e.message.zh.contains("caption"));
    let g = html(r#"{{ gallery(caption="剪影") }}"#);
    assert!(
        g.html
            .starts_with("<figure class=\"bp-gallery\"><ul><li><img")
    );
    assert!(g.html.contains("alt=\"剪影 1/2\"") && g.html.contains("alt=\"剪影 2/2\""));
    assert!(g.html.contains("sizes=\"(max-width: 40rem) 50vw, 16rem\""));
    let v = html(r#"{{ video(src="clip.mp4", poster="a.jpg", caption="视频") }}"#);
    assert_eq!(
        v.html,
        "<figure class=\"bp-video\"><video controls=\"\" preload=\"metadata\" playsinline=\"\" \
         poster=\"/s/a-960w.jpg\" width=\"960\" height=\"640\"><source src=\"/s/clip.mp4\" \
         type=\"video/mp4\" /><a href=\"/s/clip.mp4\">clip.mp4</a></video>\
         <figcaption>视频</figcaption></figure>\n"
    );
    let s = html(r#"{{ stat(value="300", unit="人次", label="服务<群众>") }}"#);
    assert_eq!(
        s.html,
        "<p class=\"bp-stat\"><span class=\"bp-stat-label\">服务&lt;群众&gt;</span> \
         <strong class=\"bp-stat-value\">300<small>人次</small></strong></p>\n"
    );
    assert_eq!(s.text, "服务<群众> 300 人次");
}
