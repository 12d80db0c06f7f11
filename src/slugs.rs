//! Slugs for URLs, heading ids and taxonomy terms: lowercase ASCII, accents folded.

/// `"Écoute active"` → `"ecoute-active"`; every run of other characters becomes one `-`.
pub(crate) fn slugify(text: &str) -> String {
    slug::slugify(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_are_folded() {
        assert_eq!(slugify("Écoute active"), "ecoute-active");
        assert_eq!(slugify("L'écoute  active !"), "l-ecoute-active");
        assert_eq!(slugify("Santé"), "sante");
    }
}
