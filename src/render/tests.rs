//! Unit tests of the render stage.

use super::find_name;

#[test]
fn runtime_errors_are_placed_at_the_first_use_inside_a_tag() {
    let t = "<p>page.x is {{ page.xy }}</p>\n<h1>{{ page.x | upper }}</h1>\n";
    assert_eq!(find_name(t, "page.x"), Some((2, 8)));
    assert_eq!(
        find_name("{% for s in list %}{{ s }}", "list"),
        Some((1, 13))
    );
    assert_eq!(find_name("<p>list</p>", "list"), None);
    assert_eq!(find_name("{{ 标题 }}", "标题"), Some((1, 4)));
}
