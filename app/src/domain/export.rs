//! The CSV files organisers download about an edition: what each holds, in which order.

/// One of the exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Export {
    Pairs,
    Ambassadors,
    Students,
    Offers,
    Coaching,
}

/// How a column's stored value is written out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Text,
    /// Unix milliseconds, written as Paris time "2026-12-03 10:02".
    Instant,
    OfferStatus,
    ApplicationStatus,
    /// A pair's attendance ('present', 'absent'), or nothing.
    Attendance,
    /// A coaching booking's attendance (1, 0), or nothing (not marked yet).
    CoachingAttendance,
}

impl Export {
    pub const ALL: [Export; 5] = [
        Export::Pairs,
        Export::Ambassadors,
        Export::Students,
        Export::Offers,
        Export::Coaching,
    ];

    /// The file's name in addresses: `/organisation/exports/<slug>.csv`.
    pub fn slug(self) -> &'static str {
        match self {
            Export::Pairs => "binomes",
            Export::Ambassadors => "ambassadeurs",
            Export::Students => "etudiants",
            Export::Offers => "offres",
            Export::Coaching => "coaching",
        }
    }

    pub fn parse(slug: &str) -> Option<Export> {
        Export::ALL.into_iter().find(|e| e.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Export::Pairs => "Binômes, avec les coordonnées des deux côtés",
            Export::Ambassadors => "Ambassadeurs et leur offre",
            Export::Students => "Étudiants candidats",
            Export::Offers => "Offres",
            Export::Coaching => "Présence aux sessions de coaching",
        }
    }

    /// The header row, with how each column is written.
    pub fn columns(self) -> &'static [(&'static str, Column)] {
        use Column::*;
        match self {
            Export::Pairs => &[
                ("Binôme", Text),
                ("Étudiant – prénom", Text),
                ("Étudiant – nom", Text),
                ("Étudiant – courriel", Text),
                ("Établissement", Text),
                ("Niveau (Bac+)", Text),
                ("Ambassadeur – prénom", Text),
                ("Ambassadeur – nom", Text),
                ("Ambassadeur – courriel", Text),
                ("Ambassadeur – téléphone", Text),
                ("Offre", Text),
                ("Administration", Text),
                ("Adresse", Text),
                ("Commune", Text),
                ("Département", Text),
                ("Annoncé le", Instant),
                ("Confirmé par l'étudiant le", Instant),
                ("Confirmé par l'ambassadeur le", Instant),
                ("Présence", Attendance),
            ],
            Export::Ambassadors => &[
                ("Prénom", Text),
                ("Nom", Text),
                ("Courriel", Text),
                ("Téléphone", Text),
                ("Poste", Text),
                ("Administration", Text),
                ("Offre n°", Text),
                ("Offre", Text),
                ("État de l'offre", OfferStatus),
                ("Places", Text),
                ("Places prises", Text),
                ("Coaching", CoachingAttendance),
            ],
            Export::Students => &[
                ("Prénom", Text),
                ("Nom", Text),
                ("Courriel", Text),
                ("Établissement", Text),
                ("Niveau (Bac+)", Text),
                ("Formation", Text),
                ("Commune", Text),
                ("Département", Text),
                ("Candidature", ApplicationStatus),
                ("Envoyée le", Instant),
                ("Offre du binôme", Text),
            ],
            Export::Offers => &[
                ("Offre n°", Text),
                ("Titre", Text),
                ("Métier", Text),
                ("Administration", Text),
                ("Ministère", Text),
                ("Commune", Text),
                ("Département", Text),
                ("Région", Text),
                ("Adresse", Text),
                ("Places", Text),
                ("Places prises", Text),
                ("État", OfferStatus),
                ("Ambassadeur – courriel", Text),
            ],
            Export::Coaching => &[
                ("Session", Instant),
                ("Lieu", Text),
                ("Ambassadeur – prénom", Text),
                ("Ambassadeur – nom", Text),
                ("Ambassadeur – courriel", Text),
                ("Présence", CoachingAttendance),
            ],
        }
    }
}

/// A typed text as a spreadsheet shows it, never as a formula: a cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe.
fn defused(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠') => {
            format!("'{text}")
        }
        _ => text.to_string(),
    }
}

impl Column {
    /// The cell as written in the file, from the value the database holds.
    pub fn write(self, stored: Option<&str>) -> String {
        let Some(stored) = stored else {
            return match self {
                Column::CoachingAttendance => "pas encore notée".into(),
                _ => String::new(),
            };
        };
        match self {
            Column::Text => defused(stored),
            Column::Instant => stored
                .parse::<i64>()
                .map(super::date::paris_datetime)
                .unwrap_or_default(),
            Column::OfferStatus => super::offer::OfferStatus::parse(stored)
                .map_or(stored, |s| s.label())
                .to_string(),
            Column::ApplicationStatus => super::application::ApplicationStatus::parse(stored)
                .map_or(stored, |s| s.label())
                .to_string(),
            Column::Attendance => match stored {
                "present" => "présent".into(),
                "absent" => "absent".into(),
                other => other.to_string(),
            },
            Column::CoachingAttendance => match stored {
                "1" => "présent".into(),
                "0" => "absent".into(),
                other => other.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_texts_never_become_formulas() {
        assert_eq!(
            Column::Text.write(Some("=HYPERLINK(\"x\")")),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(
            Column::Text.write(Some("+33 6 12 34 56 78")),
            "'+33 6 12 34 56 78"
        );
        assert_eq!(Column::Text.write(Some("@SOMME(A1)")), "'@SOMME(A1)");
        assert_eq!(Column::Text.write(Some("-1")), "'-1");
        assert_eq!(Column::Text.write(Some("Zoé = Zozo")), "Zoé = Zozo");
    }

    #[test]
    fn every_export_has_its_slug_and_its_columns() {
        for export in Export::ALL {
            assert_eq!(Export::parse(export.slug()), Some(export));
            assert!(!export.columns().is_empty());
        }
        assert_eq!(Export::parse("autre"), None);
    }

    #[test]
    fn cells_are_written_for_people() {
        assert_eq!(Column::OfferStatus.write(Some("publiee")), "Publiée");
        assert_eq!(Column::Attendance.write(Some("present")), "présent");
        assert_eq!(Column::CoachingAttendance.write(None), "pas encore notée");
        assert_eq!(Column::Instant.write(None), "");
        let winter = super::super::date::Date::parse("2026-12-03")
            .unwrap()
            .paris_instant(10, 2);
        assert_eq!(
            Column::Instant.write(Some(&winter.to_string())),
            "2026-12-03 10:02"
        );
    }
}
