//! Tera 1 syntax in a site's templates, found before Tera 2 parses them: a theme written for
//! cmbook's first edition (or copied from a Zola theme) gets, for each construct Tera 2 dropped,
//! its file, line and column and what to write instead, not a parser's "unknown tag".

use crate::error::Diagnostic;
use crate::load::theme::ThemeFiles;

/// A Tera 1 construct and the Tera 2 way to write it.
struct Legacy {
    message: &'static str,
    help: &'static str,
}

const MACRO: Legacy = Legacy {
    message: "Tera 2 has no macros",
    help: "write `{% component name(arg, other=\"default\") %}…{% endcomponent name %}` and call \
           it as `{{<name arg=value />}}` (themes/default/templates/partials/components.html \
           has examples)",
};

const IMPORT: Legacy = Legacy {
    message: "Tera 2 has no `import`: components are known to every template",
    help: "delete this line; call a component as `{{<name arg=value />}}`",
};

const MACRO_CALL: Legacy = Legacy {
    message: "a Tera 1 macro call (`namespace::name(…)`)",
    help: "call the component as `{{<name arg=value />}}`, or `{{<name arg={expression} />}}` \
           for a value that is not a string",
};

const SAFE_URL: Legacy = Legacy {
    message: "`| safe` on a URL",
    help: "drop `| safe`: Tera 2 writes `/` as is, and escaping keeps a `\"` in a URL from \
           closing the attribute",
};

/// The Tera 1 constructs in `text`, as (byte offset, construct).
fn find(text: &str) -> Vec<(usize, &'static Legacy)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find('{').map(|i| at + i) {
        let opener = text.get(start..start + 2).unwrap_or("");
        let closer = match opener {
            "{%" => "%}",
            "{{" => "}}",
            "{#" => "#}",
            _ => {
                at = start + 1;
                continue;
            }
        };
        let end = text[start + 2..]
            .find(closer)
            .map_or(text.len(), |i| start + 2 + i);
        let inner = &text[start + 2..end];
        if opener == "{%" {
            let tag = inner.trim_start_matches('-').trim_start();
            let offset = start + 2 + (inner.len() - tag.len());
            match tag.split_whitespace().next() {
                Some("macro") => found.push((offset, &MACRO)),
                Some("import") => found.push((offset, &IMPORT)),
                _ => {}
            }
        }
        if opener != "{#" {
            found.extend(macro_calls(inner).map(|i| (start + 2 + i, &MACRO_CALL)));
            if opener == "{{" && safe_url(inner) {
                found.push((start, &SAFE_URL));
            }
        }
        at = (end + 2).min(text.len());
    }
    found
}

/// Offsets of `name::name(` in an expression (outside string literals).
fn macro_calls(inner: &str) -> impl Iterator<Item = usize> + '_ {
    let mut quote = None;
    inner.char_indices().filter_map(move |(i, c)| {
        match (quote, c) {
            (None, '"' | '\'' | '`') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ':') if inner[i..].starts_with("::") => {
                let before = inner[..i].trim_end();
                let name_start = before
                    .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .map_or(0, |p| p + 1);
                let after = &inner[i + 2..];
                let callee_ok = after.split('(').next().is_some_and(|n| {
                    !n.is_empty() && n.chars().all(|c| c.is_alphanumeric() || c == '_')
                });
                if name_start < before.len() && callee_ok && after.contains('(') {
                    return Some(name_start);
                }
            }
            _ => {}
        }
        None
    })
}

/// Whether `{{ … }}` marks a URL safe (`page.url | safe`, `get_url(…) | safe`).
fn safe_url(inner: &str) -> bool {
    let mut parts = inner.split('|').map(str::trim);
    let Some(value) = parts.next() else {
        return false;
    };
    let is_url = value.ends_with(".url")
        || value.ends_with(".permalink")
        || value == "current_url"
        || value.starts_with("get_url(");
    is_url && parts.any(|f| f.trim_end_matches('-').trim() == "safe")
}

/// One diagnostic per Tera 1 construct in the theme's and the site's templates.
pub(crate) fn check(theme: &ThemeFiles) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for template in &theme.templates {
        for (offset, legacy) in find(&template.text) {
            let before = &template.text[..offset];
            let line = before.matches('\n').count() + 1;
            let column = before[before.rfind('\n').map_or(0, |n| n + 1)..]
                .chars()
                .count()
                + 1;
            out.push(
                Diagnostic::error(
                    &template.origin,
                    format!(
                        "template `{}` uses Tera 1 syntax: {}",
                        template.name, legacy.message
                    ),
                )
                .at_in(&template.text, line, column)
                .help(legacy.help),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<&'static str> {
        find(text).into_iter().map(|(_, l)| l.message).collect()
    }

    #[test]
    fn finds_macros_imports_and_calls() {
        let text = "{% import \"m.html\" as m %}\n{%- macro x(a) %}{{ a }}{% endmacro x %}\n{{ m::x(a=1) }}{{ self::x(a=2) }}";
        assert_eq!(
            messages(text),
            [
                IMPORT.message,
                MACRO.message,
                MACRO_CALL.message,
                MACRO_CALL.message
            ]
        );
        let (offset, _) = find(text)[2];
        assert!(text[offset..].starts_with("m::x("));
    }

    #[test]
    fn finds_safe_urls_only() {
        assert_eq!(
            messages("<a href=\"{{ page.url | safe }}\">"),
            [SAFE_URL.message]
        );
        assert_eq!(
            messages("{{ get_url(path='a.css') | safe }}"),
            [SAFE_URL.message]
        );
        assert!(messages("{{ page.content | safe }}").is_empty());
    }

    #[test]
    fn tera_2_text_passes() {
        let text =
            "{% component card(p) %}{{ p.title }}{% endcomponent card %}{{<card p={page} />}}\
                    {# m::x( in a comment #}{{ \"a::b(\" }}{% set x = {\"k\": 1} %}";
        assert!(messages(text).is_empty(), "{:?}", messages(text));
    }
}
