//! The audit log as organisers read it: its entries, and the filters they choose (a
//! person, a kind of event, a period), each checked.

use super::account::Email;
use super::date::Date;
use super::form::FormErrors;
use serde::{Deserialize, Serialize};

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub created_at: i64,
    /// Who did it ("Prénom Nom <adresse>"), if anyone (the system, an anonymous visitor).
    pub actor: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    /// JSON, never a secret.
    pub details: String,
}

/// What an organiser filters the log by; every part optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The entries by this person or about their account.
    pub person: Option<Email>,
    pub action: Option<String>,
    /// From this day (Paris time), included.
    pub from: Option<Date>,
    /// To this day, included.
    pub to: Option<Date>,
}

impl AuditFilter {
    /// Reads the filter form's fields (`personne`, `action`, `du`, `au`); an empty field
    /// filters nothing.
    pub fn parse(
        person: &str,
        action: &str,
        from: &str,
        to: &str,
    ) -> Result<AuditFilter, FormErrors> {
        let mut errors = FormErrors::new();
        let typed_person = person;
        let person = match person.trim() {
            "" => None,
            text => errors.check("personne", Email::parse(text)),
        };
        let day = |errors: &mut FormErrors, field: &'static str, text: &str| match text.trim() {
            "" => None,
            text => errors.check(
                field,
                Date::parse(text)
                    .ok_or_else(|| "Indiquez une date au format AAAA-MM-JJ.".to_string()),
            ),
        };
        let from_day = day(&mut errors, "du", from);
        let to_day = day(&mut errors, "au", to);
        if let (Some(start), Some(end)) = (from_day, to_day) {
            if end.to_days() < start.to_days() {
                errors.add("au", "La fin de la période précède son début.");
            }
        }
        let action = action.trim();
        let valid_action = action.is_empty()
            || (action.len() <= 60 && action.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        if !valid_action {
            errors.add("action", "Choisissez un type d'événement de la liste.");
        }
        if !errors.is_empty() {
            return Err(errors.with_values([
                ("personne", typed_person),
                ("action", action),
                ("du", from),
                ("au", to),
            ]));
        }
        Ok(AuditFilter {
            person,
            action: (!action.is_empty()).then(|| action.to_string()),
            from: from_day,
            to: to_day,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_checked_field_by_field() {
        let all = AuditFilter::parse("", "", "", "").expect("no filter");
        assert_eq!(all, AuditFilter::default());
        let some = AuditFilter::parse(
            " Camille@Exemple.fr ",
            "connexion",
            "2026-11-01",
            "2026-11-30",
        )
        .expect("a filter");
        assert_eq!(
            some.person.as_ref().map(Email::as_str),
            Some("camille@exemple.fr")
        );
        assert_eq!(some.action.as_deref(), Some("connexion"));
        let refused = AuditFilter::parse("pas une adresse", "DROP TABLE", "2026-13-01", "")
            .expect_err("refused");
        for field in ["personne", "action", "du"] {
            assert!(refused.message(field).is_some(), "{field}");
        }
        let backwards =
            AuditFilter::parse("", "", "2026-11-30", "2026-11-01").expect_err("refused");
        assert!(backwards.message("au").is_some());
    }
}
