//! The patched Tera (`vendor/tera`, see its CMBOOK.md) renders what upstream Tera 1.20.1 renders.
//! Each expected string below is upstream's output for the template, worked out from upstream's
//! rules (escape every string that is not marked safe, then compare or write it).

use tera::{Context, Tera};

fn render_with(tera: &mut Tera, template: &str, context: &Context) -> String {
    tera.add_raw_template("t.html", template)
        .expect("template parses");
    tera.render("t.html", context).expect("template renders")
}

fn render(template: &str, context: &Context) -> String {
    render_with(&mut Tera::default(), template, context)
}

/// Whether `condition` holds in `context`, as a template says it: "yes" or "no".
fn holds(condition: &str, context: &Context) -> String {
    render(
        &format!("{{% if {condition} %}}yes{{% else %}}no{{% endif %}}"),
        context,
    )
}

fn context() -> Context {
    let mut context = Context::new();
    context.insert("amp", "x&y");
    context.insert("amp2", "x&y");
    context.insert("other", "x&z");
    context.insert("empty", "");
    context.insert("lt", "<");
    context.insert("one", "1");
    context.insert("two", "2");
    context.insert(
        "page",
        &serde_json::json!({"title": "A/B <C>", "kind": "checklist"}),
    );
    context
}

#[test]
fn comparisons_match_upstream_escaping() {
    let c = context();
    // Both sides escaped upstream: equal exactly when the raw strings are.
    assert_eq!(holds("amp == amp2", &c), "yes");
    assert_eq!(holds("amp == other", &c), "no");
    assert_eq!(holds("amp != other", &c), "yes");
    assert_eq!(holds(r#"amp == "x&y""#, &c), "yes");
    assert_eq!(holds(r#"page.kind == "checklist""#, &c), "yes");
    // One side marked safe: upstream compares raw `x&y` with escaped `x&amp;y`, which differ.
    assert_eq!(holds("amp | safe == amp2", &c), "no");
    assert_eq!(holds("amp | safe != amp2", &c), "yes");
    // Upstream escapes `x&y` to `x&amp;y` before comparing it with that very text.
    assert_eq!(holds(r#"amp == "x&amp;y" | safe"#, &c), "yes");
}

#[test]
fn comparisons_escape_both_sides_with_a_custom_escape_function() {
    // A function mapping everything to one string makes any two strings equal upstream: the
    // patch may skip escaping only for the default, injective, escape function.
    let mut tera = Tera::default();
    tera.set_escape_fn(|_| "same".to_owned());
    let c = context();
    let template = "{% if one == two %}yes{% else %}no{% endif %}";
    assert_eq!(render_with(&mut tera, template, &c), "yes");
    tera.reset_escape_fn();
    assert_eq!(render_with(&mut tera, template, &c), "no");
}

#[test]
fn truthiness_ignores_escaping() {
    let c = context();
    assert_eq!(holds("empty", &c), "no");
    assert_eq!(holds("lt", &c), "yes");
    assert_eq!(holds("not empty", &c), "yes");
    assert_eq!(holds("missing", &c), "no");
}

#[test]
fn written_strings_are_escaped_as_upstream() {
    let mut c = Context::new();
    c.insert("s", "a<b>&\"'/é€😀 z");
    assert_eq!(
        render("[{{ s }}]", &c),
        "[a&lt;b&gt;&amp;&quot;&#x27;&#x2F;é€😀 z]"
    );
    assert_eq!(render("[{{ s | safe }}]", &c), "[a<b>&\"'/é€😀 z]");
    assert_eq!(
        render("[{{ s | upper }}]", &c),
        "[A&lt;B&gt;&amp;&quot;&#x27;&#x2F;É€😀 Z]"
    );
    assert_eq!(
        tera::escape_html("a<b>&\"'/é"),
        "a&lt;b&gt;&amp;&quot;&#x27;&#x2F;é"
    );
    assert_eq!(tera::escape_html(""), "");
    // A custom escape function is still the one used.
    let mut tera = Tera::default();
    tera.set_escape_fn(|s| s.replace('a', "A"));
    assert_eq!(render_with(&mut tera, "[{{ s }}]", &c), "[A<b>&\"'/é€😀 z]");
}

#[test]
fn templates_without_autoescape_write_strings_raw() {
    let mut tera = Tera::default();
    tera.add_raw_template("t.txt", "[{{ s }}]{% if s == t %}!{% endif %}")
        .unwrap();
    let mut c = Context::new();
    c.insert("s", "<&>");
    c.insert("t", "<&>");
    assert_eq!(tera.render("t.txt", &c).unwrap(), "[<&>]!");
}

#[test]
fn macro_calls_write_the_same_text() {
    let mut tera = Tera::default();
    tera.add_raw_templates(vec![
        ("m.html", "{% macro card(title) %}<b>{{ title }}</b>{% endmacro card %}"),
        (
            "t.html",
            r#"{% import "m.html" as m %}{{ m::card(title=page.title) }}|{{ m::card(title="x") | upper }}|{% if m::card(title="") %}y{% endif %}"#,
        ),
    ])
    .unwrap();
    assert_eq!(
        tera.render("t.html", &context()).unwrap(),
        "<b>A&#x2F;B &lt;C&gt;</b>|&lt;B&gt;X&lt;&#x2F;B&gt;|y"
    );
}

#[test]
fn loop_variables_and_sets_are_found() {
    let mut c = Context::new();
    c.insert("pages", &serde_json::json!([{"t": "a"}, {"t": "b"}]));
    let template =
        "{% for p in pages %}{% set k = p.t %}{{ loop.index }}{{ k }}{{ p.t }}{% endfor %}";
    assert_eq!(render(template, &c), "1aa2bb");
}

#[test]
fn dotted_paths_find_the_same_values() {
    let mut c = Context::new();
    c.insert(
        "site",
        &serde_json::json!({
            "pages": [
                {"title": "un", "meta": {"tags": ["x", "y"], "a.b": "dotted key", "~k": "tilde"}},
                {"title": "deux", "meta": {"tags": ["z"], "a.b": "autre", "~k": "t2"}},
            ],
            "by": {"cle": "accent", "k": {"0": "zero"}},
        }),
    );
    // Plain paths, array indexes, quoted and bracketed segments, a non-ASCII key, doubled dots.
    let template = concat!(
        "{{ site.pages.0.title }}|{{ site.pages.1.meta.tags.0 }}|",
        r#"{{ site.pages[1]["title"] }}|{{ site["by"].k["0"] }}|{{ site.pages.0.meta["a.b"] }}|"#,
        "{{ site.pages.0.meta.tags | length }}|",
        // Filters take paths as strings: doubled and leading dots are skipped, as upstream.
        r#"{{ site.pages | map(attribute=".meta..tags.0") | join(sep=",") }}"#,
    );
    assert_eq!(render(template, &c), "un|z|deux|zero|dotted key|2|x,z");
    // Loops over a borrowed list, a computed (owned) list and an object: the same lookups.
    let template = concat!(
        "{% for p in site.pages %}{{ p.title }}{{ p.meta.tags.0 }};{% endfor %}|",
        "{% for p in site.pages | reverse %}{{ p.title }}{{ p.meta.tags.0 }}",
        "{% if p.meta.missing %}!{% endif %};{% endfor %}|",
        "{% for k, v in site.by %}{{ k }}={% if v.0 %}{{ v.0 }}{% else %}{{ v }}{% endif %};{% endfor %}"
    );
    assert_eq!(
        render(template, &c),
        "unx;deuxz;|deuxz;unx;|cle=accent;k=zero;"
    );
}
