//! site.yaml: any text parsed as a portal's configuration (kinds, fields,
//! metrics, taxonomies), and the errors rendered as messages in both
//! languages. Must return errors, never panic.
#![no_main]

use branchpress::error::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(errors) = branchpress::config::parse_config(text) {
        for d in errors {
            let _ = d.render(Lang::ZhCn);
            let _ = d.render(Lang::En);
        }
    }
});
