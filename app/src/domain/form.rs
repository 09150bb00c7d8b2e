//! Form validation shared by the browser and the server: every rejected field carries a
//! French message, and the values the user typed travel back so the form can show them
//! again (with or without JavaScript).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The `name` of the form field.
    pub field: String,
    pub message: String,
}

/// What a rejected form returns: one message per faulty field, and what was typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormErrors {
    pub errors: Vec<FieldError>,
    /// Values to put back in the form (never passwords).
    pub values: BTreeMap<String, String>,
}

/// The field of the box ticked before an action that cannot be undone.
pub const CONFIRM_FIELD: &str = "confirm";

/// Refuses an action that cannot be undone unless its box was ticked (`confirm`, posted
/// only when ticked): the check holds without JavaScript (RGAA 11.12).
pub fn require_ticked(confirm: &Option<String>) -> Result<(), FormErrors> {
    match confirm {
        Some(_) => Ok(()),
        None => Err(FormErrors::single(
            CONFIRM_FIELD,
            "Cochez la case pour confirmer : cette action est définitive.",
        )),
    }
}

impl FormErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// A form rejected because of one field.
    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.message(field).is_none() {
            self.errors.push(FieldError {
                field: field.to_string(),
                message: message.into(),
            });
        }
    }

    /// Records the outcome of one field's check; returns the value when it passed.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn keep(&mut self, field: &str, value: &str) {
        self.values.insert(field.to_string(), value.to_string());
    }

    pub fn with_values<'a>(mut self, values: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        for (field, value) in values {
            self.keep(field, value);
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn message(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn value(&self, field: &str) -> Option<&str> {
        self.values.get(field).map(String::as_str)
    }

    /// `Ok(())` when nothing was rejected.
    pub fn into_result(self) -> Result<(), FormErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

/// Trimmed text of `min..=max` characters in Unicode's composed form (NFC: one way to
/// write "é"), without control characters (newlines allowed only when `multiline`) nor
/// bidirectional controls.
pub fn text(
    value: &str,
    label: &str,
    min: usize,
    max: usize,
    multiline: bool,
) -> Result<String, String> {
    use unicode_normalization::UnicodeNormalization;
    let value: String = value.trim().nfc().collect();
    let length = value.chars().count();
    if length < min {
        return Err(if min <= 1 {
            format!("Indiquez {label}.")
        } else {
            format!("{} : au moins {min} caractères.", capitalise(label))
        });
    }
    if length > max {
        return Err(format!(
            "{} : {max} caractères au plus ({length} saisis).",
            capitalise(label)
        ));
    }
    if value.chars().any(|c| {
        (c.is_control() && !(multiline && (c == '\n' || c == '\r' || c == '\t')))
            || super::text::is_bidi_control(c)
    }) {
        return Err(format!(
            "{} contient des caractères non autorisés.",
            capitalise(label)
        ));
    }
    Ok(if multiline {
        value.replace("\r\n", "\n")
    } else {
        value
    })
}

/// A "present" / "absent" choice (coaching sessions, immersion day), posted as
/// `attendance`.
pub fn presence(value: &str) -> Result<bool, FormErrors> {
    match value {
        "present" => Ok(true),
        "absent" => Ok(false),
        _ => Err(FormErrors::single(
            "attendance",
            "Indiquez « présent » ou « absent ».",
        )),
    }
}

pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(
            text("  Rennes ", "la ville", 1, 10, false),
            Ok("Rennes".into())
        );
        assert_eq!(
            text("   ", "l'école", 1, 10, false),
            Err("Indiquez l'école.".into())
        );
        assert!(text("abcdefghijk", "le nom", 1, 10, false)
            .unwrap_err()
            .contains("10 caractères au plus"));
        assert!(text("a\nb", "le nom", 1, 10, false).is_err());
        assert_eq!(text("a\r\nb", "le texte", 1, 10, true), Ok("a\nb".into()));
    }

    #[test]
    fn first_message_per_field_wins() {
        let mut errors = FormErrors::new();
        errors.add("email", "un");
        errors.add("email", "deux");
        assert_eq!(errors.message("email"), Some("un"));
        assert_eq!(errors.errors.len(), 1);
        assert!(errors.into_result().is_err());
    }
}
