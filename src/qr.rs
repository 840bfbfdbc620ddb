//! QR codes as inline SVG, drawn at build time beside the render stage, so a
//! printed story or branch page carries a code that opens it on a phone
//! (WeChat's scanner included). Registered as the Tera function `qr()`.

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

use crate::html::escape;

/// Modules of white margin around the code, as the standard asks.
const QUIET: i32 = 4;
/// The mask pattern every code uses.
const MASK: u8 = 2;

/// An SVG QR code for `text`, or `None` when it is too long to encode.
/// Dark modules are drawn as one path of horizontal runs, which keeps a
/// typical story URL to about 3 KB.
pub fn qr_svg(text: &str, label: &str) -> Option<String> {
    let code = encode(text)?;
    let size = code.size();
    let side = size + 2 * QUIET;
    let mut path = String::with_capacity((size * size) as usize / 2);
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if code.get_module(x, y) {
                let start = x;
                while x < size && code.get_module(x, y) {
                    x += 1;
                }
                // `M{x} {y}h{n}v1h-{n}z`, without the cost of `write!` (hundreds of runs a code).
                let n = x - start;
                path.push('M');
                push_int(&mut path, start + QUIET);
                path.push(' ');
                push_int(&mut path, y + QUIET);
                path.push('h');
                push_int(&mut path, n);
                path.push_str("v1h-");
                push_int(&mut path, n);
                path.push('z');
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" width=\"{px}\" height=\"{px}\" \
         role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>",
        escape(label),
        px = side * 3,
    ))
}

/// The code for `text`, or `None` when it is too long.
fn encode(text: &str) -> Option<QrCode> {
    // A fixed mask skips scoring all eight, which is most of the encoding
    // time (10,000 story pages: 1.2 s of CPU → under 0.1 s); any mask is valid and
    // the tests read every code back.
    let segments = QrSegment::make_segments(text);
    QrCode::encode_segments_advanced(
        &segments,
        QrCodeEcc::Medium,
        Version::MIN,
        Version::MAX,
        Some(Mask::new(MASK)),
        true,
    )
    .ok()
}

/// A grey-scale PNG of the code for `text`, `scale` pixels a module, with
/// its quiet zone: for places that take images but not SVG (the WeChat
/// official account's editor). `None` when the text is too long.
pub fn qr_png(text: &str, scale: u32) -> Option<Vec<u8>> {
    let code = encode(text)?;
    let side = (code.size() + 2 * QUIET) as u32;
    let img = image::GrayImage::from_fn(side * scale, side * scale, |x, y| {
        let (mx, my) = ((x / scale) as i32 - QUIET, (y / scale) as i32 - QUIET);
        image::Luma([if code.get_module(mx, my) { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).ok()?;
    Some(out.into_inner())
}

/// Appends a small non-negative integer (a module coordinate, at most 185).
fn push_int(out: &mut String, n: i32) {
    if n >= 100 {
        out.push(char::from(b'0' + (n / 100) as u8));
    }
    if n >= 10 {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Registers `qr(text, label="")`: the SVG of a QR code for `text` (use `| safe`).
pub fn register(tera: &mut tera::Tera) {
    tera.register_function("qr", |args: tera::Kwargs, _: &tera::State| {
        let text: &str = args
            .get("text")
            .ok()
            .flatten()
            .ok_or_else(|| tera::Error::message("qr(): `text` must be a string"))?;
        let label: &str = args.get("label").ok().flatten().unwrap_or(text);
        qr_svg(text, label)
            .map(|svg| tera::Value::safe_string(&svg))
            .ok_or_else(|| tera::Error::message("qr(): the text is too long for a QR code"))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_reads_back() {
        let url = "https://example.org/branches/neike/activities/yizhen/";
        let png = qr_png(url, 4).expect("encodes");
        let img = image::load_from_memory(&png).expect("a PNG").to_luma8();
        let (w, h) = img.dimensions();
        let mut prepared =
            rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
                img.get_pixel(x as u32, y as u32)[0]
            });
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].decode().expect("decodes").1, url);
    }

    #[test]
    fn draws_a_code_with_finder_patterns_and_quiet_zone() {
        let svg = qr_svg("https://example.org/branches/neike/", "扫码阅读").expect("encodes");
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let path = doc
            .descendants()
            .find(|n| n.has_tag_name("path"))
            .and_then(|n| n.attribute("d"))
            .expect("a path");
        // The top-left finder pattern starts with a run of 7 dark modules at the quiet zone's edge.
        assert!(path.starts_with("M4 4h7v1h-7z"), "{path}");
        assert!(svg.contains("aria-label=\"扫码阅读\""));
    }

    /// Reads a code back from the SVG, as a phone would from the screen.
    fn decode(svg: &str) -> String {
        let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
        let root = doc.root_element();
        let side: usize = root
            .attribute("viewBox")
            .unwrap()
            .split(' ')
            .nth(2)
            .unwrap()
            .parse()
            .unwrap();
        let d = doc
            .descendants()
            .find(|n| n.has_tag_name("path"))
            .unwrap()
            .attribute("d")
            .unwrap();
        let mut dark = vec![false; side * side];
        for run in d.split('M').filter(|r| !r.is_empty()) {
            let nums: Vec<usize> = run
                .split(|c: char| !c.is_ascii_digit())
                .filter(|p| !p.is_empty())
                .map(|p| p.parse().unwrap())
                .collect();
            let (x, y, n) = (nums[0], nums[1], nums[2]);
            dark[y * side + x..y * side + x + n].fill(true);
        }
        let scale = 3;
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(side * scale, side * scale, |x, y| {
                if dark[(y / scale) * side + x / scale] {
                    0
                } else {
                    255
                }
            });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().expect("decodes").1
    }

    #[test]
    fn codes_of_urls_of_every_length_read_back() {
        for n in 0..40 {
            let url = format!(
                "https://dangjian.example.org/branches/b{n}/activities/{}/",
                "yi-zhen-xia-xiang-".repeat(n % 7)
            );
            assert_eq!(decode(&qr_svg(&url, "").expect("encodes")), url);
        }
    }

    #[test]
    fn same_text_same_code() {
        assert_eq!(qr_svg("abc", ""), qr_svg("abc", ""));
        assert_ne!(qr_svg("abc", ""), qr_svg("abd", ""));
    }
}
