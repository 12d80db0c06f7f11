//! Renders the same page template with Tera 1 and Tera 2, to choose the version by measurement.

use std::time::Instant;
const BASE: &str = r#"<!doctype html><html lang="{{ config.language }}"><head><title>{% block title %}{{ config.title }}{% endblock title %}</title></head><body><nav><ul>{% for s in config.sections %}<li><a href="{{ s.url }}">{{ s.title }}</a></li>{% endfor %}</ul></nav><main>{% block main %}{% endblock main %}</main></body></html>"#;
const PAGE: &str = r##"{% extends "base.html" %}{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}{% block main %}<article><h1>{{ page.title }}</h1><p>{{ page.description }}</p>{% for name, terms in page.taxonomies %}<ul>{% for t in terms %}<li><a href="{{ t.url }}">{{ t.name }}</a></li>{% endfor %}</ul>{% endfor %}<nav><ol>{% for e in page.toc %}<li><a href="#{{ e.id }}">{{ e.title }}</a></li>{% endfor %}</ol></nav><div>{{ page.content | safe }}</div>{% if page.lower %}<a href="{{ page.lower.url }}">{{ page.lower.title }}</a>{% endif %}</article>{% endblock main %}"##;
fn main() {
    let config = serde_json::json!({"language":"fr","title":"Manuel","sections":(0..6).map(|i| serde_json::json!({"url":format!("/s{i}/"),"title":format!("Section {i}")})).collect::<Vec<_>>()});
    let content: String = (0..60).map(|i| format!("<h2 id=\"p{i}\">Partie {i}</h2><p>Du texte de la communauté et de la veille, avec des <a href=\"/x/\">liens</a> et de l'écoute.</p>")).collect();
    let page = serde_json::json!({"title":"L'e-réputation <script>","description":"Une description","content":content,
        "taxonomies":{"sectors":[{"url":"/sectors/luxe/","name":"Luxe"},{"url":"/sectors/sante/","name":"Santé"}],"tags":[{"url":"/tags/a/","name":"a"}]},
        "toc":(0..12).map(|i| serde_json::json!({"id":format!("p{i}"),"title":format!("Partie {i}")})).collect::<Vec<_>>(),"lower":{"url":"/a/","title":"Avant"}});
    let n = 20000;
    let mut t1 = tera1::Tera::default();
    t1.autoescape_on(vec![".html"]);
    t1.add_raw_templates(vec![("base.html", BASE), ("page.html", PAGE)]).unwrap();
    let mut t2 = tera2::Tera::new();
    t2.autoescape_on(vec![".html"]);
    t2.add_raw_templates(vec![("base.html", BASE), ("page.html", PAGE)]).unwrap();
    let (mut a, mut b) = (0usize, 0usize);
    for round in 0..3 {
        let start = Instant::now();
        for _ in 0..n { let mut c = tera1::Context::new(); c.insert("config", &config); c.insert("page", &page); a += t1.render("page.html", &c).unwrap().len(); }
        let d1 = start.elapsed();
        let start = Instant::now();
        for _ in 0..n { let mut c = tera2::Context::new(); c.insert("config", &config); c.insert("page", &page); b += t2.render("page.html", &c).unwrap().len(); }
        let d2 = start.elapsed();
        println!("round {round}: tera1 {:.1} us/page, tera2 {:.1} us/page, ratio tera2/tera1 {:.2}", d1.as_secs_f64()*1e6/n as f64, d2.as_secs_f64()*1e6/n as f64, d2.as_secs_f64()/d1.as_secs_f64());
    }
    println!("{a} {b}");
}
