//! Fuzzes a whole page body: outline (ids, links, checklist) then HTML rendering.
#![no_main]

use std::collections::HashMap;

use cmbook::markdown::{guarded, outline};
use cmbook::render::markdown::{render_body, BodyContext, Pass};
use cmbook::typography::Typography;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    // pulldown-cmark itself panics on a few inputs (see the crash seed in the corpus); cmbook
    // guards the parse and reports the page, so the fuzzer does the same and goes on.
    let Ok(shape) = guarded(|| outline(body, 1)) else { return };
    let urls = HashMap::from([("a.md".to_owned(), "a/".to_owned())]);
    let typography = if body.len() % 3 == 0 { Typography::Fr } else { Typography::None };
    let links = BodyContext {
        urls: &urls,
        base_path: "/",
        dir: "d/".to_owned(),
        code: None,
        pass: Pass::Full,
        typography,
        glossary: None,
        image_dir: None,
    };
    let checklist = body.len() % 2 == 0;
    let rendered = render_body(body, &shape, &links, checklist);
    // Highlighting may wrap every character of code in a span (~100 bytes); more than that
    // would mean output growing faster than the input.
    assert!(rendered.html.len() < 256 * body.len() + 4096, "output grows out of proportion");
});
