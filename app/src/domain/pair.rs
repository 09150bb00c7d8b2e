//! An announced pair, both sides: each confirms or declines (with a reason); from the
//! immersion day the ambassador marks attendance and both give feedback.

use super::catalogue::ProgrammeItem;
use super::date::Date;
use super::form::{text, FormErrors};
use serde::{Deserialize, Serialize};

pub const DECLINE_REASON_MAX_CHARS: usize = 500;
pub const FEEDBACK_MAX_CHARS: usize = 2000;

/// Who acts on a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PairSide {
    Student,
    Ambassador,
    /// An organiser undoing a pair by hand.
    Organiser,
}

impl PairSide {
    pub fn as_str(self) -> &'static str {
        match self {
            PairSide::Student => "etudiant",
            PairSide::Ambassador => "ambassadeur",
            PairSide::Organiser => "organisation",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [PairSide::Student, PairSide::Ambassador, PairSide::Organiser]
            .into_iter()
            .find(|s| s.as_str() == value)
    }

    /// "l'étudiant", "l'ambassadeur", "l'équipe du programme".
    pub fn label(self) -> &'static str {
        match self {
            PairSide::Student => "l'étudiant",
            PairSide::Ambassador => "l'ambassadeur",
            PairSide::Organiser => "l'équipe du programme",
        }
    }
}

/// Why one side declines (or an organiser undoes) a pair: the other side reads it.
pub fn decline_reason(value: &str) -> Result<String, FormErrors> {
    text(value, "la raison", 5, DECLINE_REASON_MAX_CHARS, true)
        .map_err(|message| FormErrors::single("reason", message).with_values([("reason", value)]))
}

/// A rating (1 to 5) and a comment, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedbackForm {
    pub rating: String,
    pub comment: String,
}

impl FeedbackForm {
    pub fn validate(&self) -> Result<(i64, String), FormErrors> {
        let mut errors = FormErrors::new();
        let rating = errors.check(
            "rating",
            match self.rating.trim().parse::<i64>() {
                Ok(n) if (1..=5).contains(&n) => Ok(n),
                _ => Err("Choisissez une note de 1 à 5.".to_string()),
            },
        );
        let comment = errors.check(
            "comment",
            text(&self.comment, "le commentaire", 0, FEEDBACK_MAX_CHARS, true),
        );
        match (rating, comment) {
            (Some(rating), Some(comment)) => Ok((rating, comment)),
            _ => {
                Err(errors
                    .with_values([("rating", self.rating.as_str()), ("comment", &self.comment)]))
            }
        }
    }
}

/// From the immersion day (`YYYY-MM-DD`) on, attendance and feedback open and a pair can
/// no longer be declined.
pub fn day_has_come(immersion_on: &str, today: Date) -> bool {
    today.to_string().as_str() >= immersion_on
}

/// A feedback as organisers read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackLine {
    pub pair_id: i64,
    pub side: PairSide,
    pub author: String,
    pub offer_title: String,
    pub rating: i64,
    pub comment: String,
}

/// A declined (or undone) pair, on the organisers' pairing page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclineLine {
    pub student_id: i64,
    pub student: String,
    pub offer_id: i64,
    pub offer_title: String,
    pub side: PairSide,
    pub reason: String,
    /// The student is still without a pair.
    pub student_unpaired: bool,
}

/// An announced pair as each side sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairView {
    pub pair_id: i64,
    pub offer_id: i64,
    pub offer_title: String,
    pub address: String,
    pub place: String,
    /// 'YYYY-MM-DD'.
    pub immersion_on: String,
    pub programme: Vec<ProgrammeItem>,
    pub student_name: String,
    pub student_email: String,
    pub student_level: Option<i64>,
    pub student_school: Option<String>,
    pub student_curriculum: Option<String>,
    pub motivation: String,
    pub ambassador_name: String,
    pub ambassador_email: String,
    pub ambassador_phone: Option<String>,
    pub student_confirmed: bool,
    pub ambassador_confirmed: bool,
    /// Marked by the ambassador from the immersion day.
    pub attended: Option<bool>,
    /// The immersion day has come: attendance and feedback are open.
    pub day_has_come: bool,
    /// The viewer's own feedback, once given.
    pub my_feedback: Option<(i64, String)>,
}

impl PairView {
    /// Where the pair stands, in one sentence, for `side`.
    pub fn confirmation(&self, side: PairSide) -> &'static str {
        let (mine, theirs) = match side {
            PairSide::Student => (self.student_confirmed, self.ambassador_confirmed),
            _ => (self.ambassador_confirmed, self.student_confirmed),
        };
        match (mine, theirs) {
            (true, true) => "Confirmé des deux côtés.",
            (true, false) => "Vous avez confirmé ; en attente de l'autre côté.",
            (false, true) => "L'autre côté a confirmé : confirmez à votre tour.",
            (false, false) => "À confirmer.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_and_reasons_are_checked_and_kept() {
        assert_eq!(
            FeedbackForm {
                rating: "4".into(),
                comment: " Très riche ".into()
            }
            .validate(),
            Ok((4, "Très riche".into()))
        );
        let errors = FeedbackForm {
            rating: "9".into(),
            comment: "Bien".into(),
        }
        .validate()
        .unwrap_err();
        assert!(errors.message("rating").is_some());
        assert_eq!(errors.value("comment"), Some("Bien"));
        assert!(decline_reason("non").is_err());
        assert_eq!(
            decline_reason(" Je serai en examen ce jour-là. ").unwrap(),
            "Je serai en examen ce jour-là."
        );
    }
}

/// One pair of an edition in its review (past editions included): who, where, and how
/// the day went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewedPair {
    pub student: String,
    pub ambassador: String,
    pub offer_id: i64,
    pub offer_title: String,
    pub student_confirmed: bool,
    pub ambassador_confirmed: bool,
    pub attended: Option<bool>,
    pub student_rating: Option<i64>,
    pub ambassador_rating: Option<i64>,
}

impl ReviewedPair {
    /// "Confirmé des deux côtés", "Confirmé par l'étudiant"… for the review's table.
    pub fn confirmation(&self) -> &'static str {
        match (self.student_confirmed, self.ambassador_confirmed) {
            (true, true) => "Des deux côtés",
            (true, false) => "Par l'étudiant",
            (false, true) => "Par l'ambassadeur",
            (false, false) => "Non",
        }
    }

    pub fn attendance(&self) -> &'static str {
        match self.attended {
            Some(true) => "Présent",
            Some(false) => "Absent",
            None => "Non renseignée",
        }
    }
}
