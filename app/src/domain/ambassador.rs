//! The ambassador's profile: who welcomes the student, as the student and the organisers
//! will read it.

use super::catalogue::FilterOption;
use super::form::{text, FormErrors};
use serde::{Deserialize, Serialize};

pub const PRESENTATION_MAX_CHARS: usize = 1000;

/// The profile form as typed (every field a string, so nothing typed is lost; a missing
/// field reads as empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AmbassadorProfileForm {
    pub job_title: String,
    /// Slug of an administration of the directory.
    pub administration: String,
    pub phone: String,
    pub presentation: String,
}

/// A profile whose fields are all valid (the administration still has to exist).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAmbassadorProfile {
    pub job_title: String,
    pub administration: String,
    pub phone: Option<String>,
    pub presentation: String,
}

impl AmbassadorProfileForm {
    pub fn validate(&self) -> Result<ValidAmbassadorProfile, FormErrors> {
        let mut errors = FormErrors::new();
        let job_title = errors.check(
            "job_title",
            text(&self.job_title, "votre fonction", 2, 100, false),
        );
        let administration = errors.check(
            "administration",
            match self.administration.trim() {
                "" => Err("Choisissez votre administration dans la liste.".to_string()),
                slug => Ok(slug.to_string()),
            },
        );
        let phone = errors.check("phone", phone(&self.phone));
        let presentation = errors.check(
            "presentation",
            text(
                &self.presentation,
                "votre présentation",
                20,
                PRESENTATION_MAX_CHARS,
                true,
            ),
        );
        match (job_title, administration, phone, presentation) {
            (Some(job_title), Some(administration), Some(phone), Some(presentation))
                if errors.is_empty() =>
            {
                Ok(ValidAmbassadorProfile {
                    job_title,
                    administration,
                    phone,
                    presentation,
                })
            }
            _ => Err(errors.with_values(self.pairs())),
        }
    }

    /// The typed values by field name, to show them again.
    pub fn pairs(&self) -> [(&'static str, &str); 4] {
        [
            ("job_title", &self.job_title),
            ("administration", &self.administration),
            ("phone", &self.phone),
            ("presentation", &self.presentation),
        ]
    }
}

/// An optional phone number: French (ten digits from 0, or +33 then nine) or
/// international (+ then 6 to 15 digits); spaces, dots and dashes are ignored. French
/// numbers are stored as "01 23 45 67 89".
pub fn phone(value: &str) -> Result<Option<String>, String> {
    let compact: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}'))
        .collect();
    if compact.is_empty() {
        return Ok(None);
    }
    let national = match compact.strip_prefix("+33") {
        Some(rest) if rest.len() == 9 => Some(format!("0{rest}")),
        _ => (compact.len() == 10 && compact.starts_with('0')).then(|| compact.clone()),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    match national {
        Some(number) if digits(&number) && number.as_bytes()[1] != b'0' => {
            let pairs: Vec<&str> = (0..5).map(|i| &number[2 * i..2 * i + 2]).collect();
            Ok(Some(pairs.join(" ")))
        }
        _ => match compact.strip_prefix('+') {
            Some(rest) if (6..=15).contains(&rest.len()) && digits(rest) => Ok(Some(compact)),
            _ => Err(
                "Numéro de téléphone invalide : dix chiffres, par exemple 01 23 45 67 89, ou +33 1 23 45 67 89."
                    .into(),
            ),
        },
    }
}

/// The profile as stored, with the choices of its form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmbassadorProfileView {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub job_title: String,
    pub administration: Option<String>,
    pub phone: Option<String>,
    pub presentation: String,
    /// The administrations of the directory, ministries first with their services.
    pub administrations: Vec<FilterOption>,
}

impl AmbassadorProfileView {
    pub fn is_complete(&self) -> bool {
        self.administration.is_some() && !self.presentation.is_empty()
    }

    /// The form pre-filled with what is stored.
    pub fn to_form(&self) -> AmbassadorProfileForm {
        AmbassadorProfileForm {
            job_title: self.job_title.clone(),
            administration: self.administration.clone().unwrap_or_default(),
            phone: self.phone.clone().unwrap_or_default(),
            presentation: self.presentation.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_checked_and_written_the_french_way() {
        assert_eq!(phone(""), Ok(None));
        assert_eq!(phone(" 01.23.45.67.89 "), Ok(Some("01 23 45 67 89".into())));
        assert_eq!(
            phone("+33 6 12 34 56 78"),
            Ok(Some("06 12 34 56 78".into()))
        );
        assert_eq!(phone("+32 2 123 45 67"), Ok(Some("+3221234567".into())));
        for bad in [
            "0123",
            "00 12 34 56 78",
            "01 23 45 67 8x",
            "+12",
            "appelez-moi",
        ] {
            assert!(phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_profile_keeps_what_was_typed_when_refused() {
        let form = AmbassadorProfileForm {
            job_title: "R".into(),
            administration: "".into(),
            phone: "12".into(),
            presentation: "Trop court".into(),
        };
        let errors = form.validate().unwrap_err();
        for field in ["job_title", "administration", "phone", "presentation"] {
            assert!(errors.message(field).is_some(), "{field}");
        }
        assert_eq!(errors.value("presentation"), Some("Trop court"));
        let valid = AmbassadorProfileForm {
            job_title: "Cheffe de projet numérique".into(),
            administration: "dinum".into(),
            phone: "".into(),
            presentation: "J'accompagne les équipes produit de la DINUM.".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(valid.phone, None);
        assert_eq!(valid.administration, "dinum");
    }
}
