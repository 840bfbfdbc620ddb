//! Markdown bodies: any text rendered with the real filters (links,
//! headings, code highlighting, shortcodes, summary, word count) and the
//! sanitizer. Must never panic.
#![no_main]

use branchpress::markdown::{Resolution, render_markdown};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let resolve = |dest: &str| {
        if dest.ends_with(".md") {
            Resolution::Rewrite("/x/".into())
        } else if dest.starts_with("missing") {
            Resolution::Missing
        } else {
            Resolution::Keep
        }
    };
    let rendered = render_markdown(body, &resolve);
    // Raw HTML goes through the sanitizer too.
    let _ = branchpress::markdown::sanitize::clean(&rendered.html);
});
