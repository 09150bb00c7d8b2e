//! Text helpers shared by the browser and the server.

/// Bidirectional overrides and isolates: they make a text read in another order than it
/// is written (a name shown backwards, a link that is not what it looks like).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that show nothing yet change a text: the bidirectional controls, marks and
/// zero-width characters (two names that look the same would then differ).
pub fn is_invisible(c: char) -> bool {
    is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
        )
}

/// Folds a text for accent- and case-insensitive search: lower case, Latin accents
/// removed, ligatures expanded, punctuation turned into single spaces.
///
/// The same function fills the `search_text` columns and prepares the user's query, so
/// "Ecole", "école" and "ÉCOLE" all find each other on both databases without relying
/// on a collation that SQLite lacks.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars().flat_map(char::to_lowercase) {
        let replacement: &str = match ch {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' | 'ý' => "y",
            'ñ' => "n",
            'œ' => "oe",
            'æ' => "ae",
            c if c.is_alphanumeric() => {
                if pending_space && !folded.is_empty() {
                    folded.push(' ');
                }
                pending_space = false;
                folded.push(c);
                continue;
            }
            _ => {
                pending_space = true;
                continue;
            }
        };
        if pending_space && !folded.is_empty() {
            folded.push(' ');
        }
        pending_space = false;
        folded.push_str(replacement);
    }
    folded
}

/// A URL slug: the folded text with dashes between words.
pub fn slugify(text: &str) -> String {
    fold(text).replace(' ', "-")
}

/// Escapes `%`, `_` and `\` so that a user's text is matched literally inside a
/// `LIKE … ESCAPE '\'` pattern.
pub fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(ch);
    }
    escaped
}

/// A number with one decimal, written the French way: "279,2".
pub fn decimal(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

/// "1 place" / "3 places": French plural for counts.
pub fn plural(count: i64, singular: &str, plural: &str) -> String {
    if count.abs() <= 1 {
        format!("{count} {singular}")
    } else {
        format!("{count} {plural}")
    }
}

/// "2 places restantes sur 3", or "Complet" when none is left.
pub fn places_left_label(left: i64, capacity: i64) -> String {
    if left > 0 {
        format!(
            "{} sur {capacity}",
            plural(left, "place restante", "places restantes")
        )
    } else {
        "Complet".to_string()
    }
}

/// The site's words that are not French, with their language: job names as the
/// profession says them. Screen readers switch voice on `lang` (RGAA 8.7).
const FOREIGN_TERMS: &[(&str, &str)] = &[("Data scientist", "en"), ("Product manager", "en")];

/// The language of `text` when it is one of the site's foreign terms, for its `lang`
/// attribute; `None` for French.
pub fn language_of(text: &str) -> Option<&'static str> {
    FOREIGN_TERMS
        .iter()
        .find(|(term, _)| *term == text)
        .map(|(_, language)| *language)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The directory is the server's (it seeds the database).
    #[cfg(feature = "ssr")]
    #[test]
    fn the_foreign_terms_are_job_names_of_the_directory() {
        for (term, _) in FOREIGN_TERMS {
            assert!(
                crate::reference::directory::JOBS
                    .iter()
                    .any(|job| job.name == *term),
                "{term} n'est plus un nom de métier"
            );
        }
        assert_eq!(language_of("Data scientist"), Some("en"));
        assert_eq!(language_of("Designer de services numériques"), None);
    }

    #[test]
    fn fold_removes_accents_case_and_punctuation() {
        assert_eq!(fold("  Écoles d'ingénieur·es  "), "ecoles d ingenieur es");
        assert_eq!(fold("Saint-Étienne"), "saint etienne");
        assert_eq!(fold("CŒUR"), "coeur");
        assert_eq!(fold("Île-de-France"), "ile de france");
        assert_eq!(fold(""), "");
        assert_eq!(fold("--"), "");
    }

    #[test]
    fn slugify_joins_words_with_dashes() {
        assert_eq!(
            slugify("Data scientist / Data scientiste"),
            "data-scientist-data-scientiste"
        );
        assert_eq!(slugify("Ministère des Armées"), "ministere-des-armees");
    }

    #[test]
    fn escape_like_protects_wildcards() {
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
    }

    #[test]
    fn plural_follows_french_rule() {
        assert_eq!(plural(0, "place", "places"), "0 place");
        assert_eq!(plural(1, "place", "places"), "1 place");
        assert_eq!(plural(2, "place", "places"), "2 places");
        assert_eq!(places_left_label(1, 3), "1 place restante sur 3");
        assert_eq!(places_left_label(0, 3), "Complet");
    }
}
