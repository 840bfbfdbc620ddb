//! Front matter: any bytes as a story file, split and parsed, then checked
//! against the default schema. Must return errors, never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/branches/a/activities/x.md");
    if let Ok(doc) = branchpress::front_matter::parse_document(path, text, true) {
        let config = branchpress::config::parse_config("").expect("defaults");
        let mut diags = Vec::new();
        let _ = branchpress::schema::check_story(path, &doc.front, Some(0), &config, &mut diags);
    }
});
