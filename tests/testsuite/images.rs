//! Photos: the fixture portal `photos` has phone-like photos carrying EXIF
//! with GPS, XMP, IPTC and comments (made by tests/fixtures/photos/make_fixtures.py).
//! These tests build it with the real binary and read the output files'
//! bytes: sizes, orientation, no metadata left, and the cache.

use std::path::Path;

use crate::common::{build_ok, copy_fixture, fake_mp4, read, run, run_env, snapshot, text};

const BUNDLE: &str = "content/branches/clinic/activities/2024-05-10-village-clinic";
const STORY: &str = "branches/clinic/activities/village-clinic";

/// The segments of a JPEG before its image data: (marker, payload).
fn jpeg_segments(bytes: &[u8]) -> Vec<(u8, &[u8])> {
    assert_eq!(&bytes[..2], [0xFF, 0xD8], "not a JPEG");
    let mut out = Vec::new();
    let mut i = 2;
    while i + 4 <= bytes.len() {
        assert_eq!(bytes[i], 0xFF, "marker expected at {i}");
        let marker = bytes[i + 1];
        if marker == 0xD9 {
            break;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        out.push((marker, &bytes[i + 4..i + 2 + len]));
        i += 2 + len;
        if marker == 0xDA {
            // Entropy-coded data runs to the next marker that is not a
            // stuffed byte (FF00) or a restart marker (FFD0–FFD7).
            while i + 1 < bytes.len()
                && !(bytes[i] == 0xFF
                    && bytes[i + 1] != 0
                    && !(0xD0..=0xD7).contains(&bytes[i + 1]))
            {
                i += 1;
            }
        }
    }
    out
}

/// Width and height from a JPEG's frame header.
fn jpeg_size(bytes: &[u8]) -> (u32, u32) {
    let (_, sof) = jpeg_segments(bytes)
        .into_iter()
        .find(|(m, _)| matches!(m, 0xC0..=0xC2))
        .expect("a frame header");
    let h = u16::from_be_bytes([sof[1], sof[2]]);
    let w = u16::from_be_bytes([sof[3], sof[4]]);
    (u32::from(w), u32::from(h))
}

/// The chunk types of a PNG.
fn png_chunks(bytes: &[u8]) -> Vec<String> {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let mut out = Vec::new();
    let mut i = 8;
    while i + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
        out.push(String::from_utf8_lossy(&bytes[i + 4..i + 8]).into_owned());
        i += 12 + len;
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn fixtures_carry_the_metadata_that_must_not_be_published() {
    let dir = crate::common::fixture("photos").join(BUNDLE);
    let wide = std::fs::read(dir.join("wide.jpg")).unwrap();
    let markers: Vec<u8> = jpeg_segments(&wide).iter().map(|(m, _)| *m).collect();
    for m in [0xE1, 0xED, 0xFE] {
        assert!(markers.contains(&m), "fixture lacks marker {m:02X}");
    }
    assert!(contains(&wide, b"Exif\0\0") && contains(&wide, b"GPSLatitude"));
    let logo =
        std::fs::read(crate::common::fixture("photos").join("content/branches/clinic/logo.png"))
            .unwrap();
    let chunks = png_chunks(&logo);
    assert!(chunks.contains(&"tEXt".to_string()) && chunks.contains(&"eXIf".to_string()));
}

#[test]
fn publishes_resized_variants_instead_of_originals() {
    let tmp = copy_fixture("photos");
    let out = build_ok(tmp.path(), &[]);
    let files = snapshot(&out);
    let published = |name: &str| files.contains_key(&format!("{STORY}/{name}"));
    for name in [
        "wide-480w.jpg",
        "wide-960w.jpg",
        "wide-1100w.jpg",
        "rotated-300w.jpg",
        "screen-500w.jpg",
    ] {
        assert!(published(name), "{name} missing");
    }
    assert!(files.contains_key("branches/clinic/logo-120w.png"));
    for original in ["wide.jpg", "rotated.jpg", "screen.webp"] {
        assert!(!published(original), "original {original} published");
    }
    assert!(!files.contains_key("branches/clinic/logo.png"));
    // GIFs are copied as they are.
    let gif = std::fs::read(tmp.path().join(BUNDLE).join("anim.gif")).unwrap();
    assert_eq!(files[&format!("{STORY}/anim.gif")], gif);
    // Every variant has the size its name says, upright.
    for (name, size) in [
        ("wide-480w.jpg", (480, 157)),
        ("wide-960w.jpg", (960, 314)),
        ("wide-1100w.jpg", (1100, 360)),
        ("rotated-300w.jpg", (300, 600)),
        ("screen-500w.jpg", (500, 300)),
    ] {
        assert_eq!(
            jpeg_size(&files[&format!("{STORY}/{name}")]),
            size,
            "{name}"
        );
    }
}

#[test]
fn no_metadata_survives_in_any_published_image() {
    let tmp = copy_fixture("photos");
    let out = build_ok(tmp.path(), &[]);
    let mut checked = 0;
    for (path, bytes) in snapshot(&out) {
        if path.ends_with(".jpg") {
            for (marker, payload) in jpeg_segments(&bytes) {
                let allowed = marker == 0xE0 && payload.starts_with(b"JFIF\0");
                let forbidden = (0xE1..=0xEF).contains(&marker)
                    || marker == 0xFE
                    || (marker == 0xE0 && !allowed);
                assert!(
                    !forbidden,
                    "{path}: segment {marker:02X} ({:?})",
                    &payload[..payload.len().min(12)]
                );
            }
        } else if path.ends_with(".png") {
            for chunk in png_chunks(&bytes) {
                assert!(
                    ["IHDR", "PLTE", "tRNS", "IDAT", "IEND"].contains(&chunk.as_str()),
                    "{path}: chunk {chunk}"
                );
            }
        } else {
            continue;
        }
        for needle in [
            &b"Exif"[..],
            b"GPS",
            b"PhoneMaker",
            b"8BIM",
            b"xmpmeta",
            "石桥镇卫生院".as_bytes(),
        ] {
            assert!(
                !contains(&bytes, needle),
                "{path} contains {:?}",
                String::from_utf8_lossy(needle)
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 6, "5 JPEG variants and 1 PNG");
}

#[test]
fn pages_give_sizes_srcset_and_sharing_images() {
    let tmp = copy_fixture("photos");
    let out = build_ok(tmp.path(), &[]);
    let html = read(&out, &format!("{STORY}/index.html"));
    let base = format!("/{STORY}");
    // Alone in its paragraph: a figure, its title the caption.
    assert!(html.contains(&format!(
        r#"<figure class="bp-figure"><img src="{base}/rotated-300w.jpg" srcset="{base}/rotated-300w.jpg 300w" sizes="(max-width: 48rem) 100vw, 48rem" width="300" height="600" alt="医生为村民测血压" loading="lazy" decoding="async" /><figcaption>石桥镇</figcaption></figure>"#
    )), "{html}");
    assert!(html.contains(&format!(
        r#"<meta property="og:image" content="https://example.org{base}/wide-1100w.jpg" />
<meta property="og:image:width" content="1100" />
<meta property="og:image:height" content="360" />"#
    )));
    assert!(html.contains(&format!(
        r#"<figure class="cover"><img src="{base}/wide-1100w.jpg" srcset="{base}/wide-480w.jpg 480w, {base}/wide-960w.jpg 960w, {base}/wide-1100w.jpg 1100w" sizes="(max-width: 72rem) 100vw, 72rem" width="1100" height="360" alt="走进石桥镇义诊" /></figure>"#
    )));
    let home = read(&out, "index.html");
    assert!(home.contains(&format!(
        r#"<img class="card-cover" src="{base}/wide-480w.jpg" srcset="{base}/wide-480w.jpg 480w, {base}/wide-960w.jpg 960w, {base}/wide-1100w.jpg 1100w" sizes="(min-width: 40rem) 23rem, 100vw" alt="" loading="lazy" decoding="async" width="480" height="157" />"#
    )), "{home}");
    let branch = read(&out, "branches/clinic/index.html");
    assert!(branch.contains(r#"<img class="branch-logo" src="/branches/clinic/logo-120w.png""#));
}

/// Cache files with their modification times.
fn cache_state(root: &Path) -> Vec<(String, std::time::SystemTime)> {
    let mut v: Vec<_> = std::fs::read_dir(root.join(".branchpress-cache/images"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn timed_build(root: &Path) -> String {
    let out = run_env(root, &["build"], &[("BRANCHPRESS_TIMINGS", "1")]);
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

#[test]
fn cache_encodes_each_photo_once_and_again_when_it_changes() {
    let tmp = copy_fixture("photos");
    let root = tmp.path();
    assert!(timed_build(root).contains("images: 4 encoded, 0 from the cache"));
    let cold = snapshot(&root.join("public"));
    let before = cache_state(root);
    assert_eq!(before.len(), 4 + 3 + 1 + 1 + 1, "4 entries and 6 variants");
    let warm = timed_build(root);
    assert!(
        warm.contains("images: 0 encoded, 4 from the cache"),
        "{warm}"
    );
    assert_eq!(cache_state(root), before, "nothing rewritten");
    assert_eq!(
        snapshot(&root.join("public")),
        cold,
        "same output from the cache"
    );
    // A changed photo (new bytes after its end) is encoded again, alone.
    let photo = root.join(BUNDLE).join("rotated.jpg");
    let mut bytes = std::fs::read(&photo).unwrap();
    bytes.extend_from_slice(b"edited");
    std::fs::write(&photo, bytes).unwrap();
    assert!(timed_build(root).contains("images: 1 encoded, 3 from the cache"));
    assert_eq!(cache_state(root).len(), before.len() + 2);
}

#[test]
fn check_and_build_report_a_damaged_photo() {
    let tmp = copy_fixture("photos");
    std::fs::write(
        tmp.path().join(BUNDLE).join("broken.jpg"),
        b"\xFF\xD8 not really",
    )
    .unwrap();
    let out = run(tmp.path(), &["build"]);
    assert!(!out.status.success());
    let msg = text(&out);
    assert!(msg.contains(&format!("{BUNDLE}/broken.jpg")), "{msg}");
    assert!(msg.contains("图片无法解码"), "{msg}");
    assert!(msg.contains("另存为 JPEG 或 PNG"), "{msg}");
}

#[test]
fn refuses_a_video_that_records_where_it_was_filmed() {
    let tmp = copy_fixture("photos");
    std::fs::write(tmp.path().join(BUNDLE).join("clip.mp4"), fake_mp4(true)).unwrap();
    let out = run(tmp.path(), &["build"]);
    assert!(!out.status.success());
    let msg = text(&out);
    assert!(msg.contains(&format!("{BUNDLE}/clip.mp4")), "{msg}");
    assert!(
        msg.contains("视频“clip.mp4”记录了拍摄地点（©xyz），不能发布"),
        "{msg}"
    );
    assert!(
        msg.contains("ffmpeg -i clip.mp4 -map_metadata -1 -c copy"),
        "{msg}"
    );
    let en = text(&run(tmp.path(), &["build", "--lang", "en"]));
    assert!(en.contains("records where it was filmed"), "{en}");
    // Without the location it is published as it is.
    std::fs::write(tmp.path().join(BUNDLE).join("clip.mp4"), fake_mp4(false)).unwrap();
    let out = build_ok(tmp.path(), &[]);
    assert_eq!(
        std::fs::read(out.join(STORY).join("clip.mp4")).unwrap(),
        fake_mp4(false)
    );
}

#[test]
fn refuses_photo_formats_it_cannot_strip() {
    let tmp = copy_fixture("photos");
    // Refused by its name, never decoded: the bytes only need to look like one.
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    std::fs::write(tmp.path().join(BUNDLE).join("IMG_0001.HEIC"), heic).unwrap();
    let out = run(tmp.path(), &["build"]);
    assert!(!out.status.success());
    let msg = text(&out);
    assert!(msg.contains(&format!("{BUNDLE}/IMG_0001.HEIC")), "{msg}");
    assert!(msg.contains("无法处理 HEIC 格式的照片"), "{msg}");
    assert!(msg.contains("另存为 JPEG"), "{msg}");
    assert!(!tmp.path().join("public").exists(), "nothing is published");
}
