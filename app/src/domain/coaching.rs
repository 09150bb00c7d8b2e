//! Coaching sessions: the one-hour preparation every ambassador attends before the
//! immersion day. Organisers create them; an ambassador books one and may change it
//! until it starts; organisers mark who attended.

use super::date::{paris_time_fr, Date};
use super::form::{text, FormErrors};
use super::offer::time_of_day;
use serde::{Deserialize, Serialize};

pub const SESSION_CAPACITY_MAX: i64 = 200;
pub const SESSION_MINUTES: i64 = 60;

/// The session form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CoachingSessionForm {
    /// 'YYYY-MM-DD', as a date input sends it.
    pub day: String,
    /// 'HH:MM'.
    pub starts_at: String,
    /// A video link or a place.
    pub location: String,
    pub capacity: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidCoachingSession {
    /// Unix milliseconds.
    pub starts_at: i64,
    pub location: String,
    pub capacity: i64,
}

impl CoachingSessionForm {
    /// Checks the form; `now` (Unix ms) refuses a session in the past.
    pub fn validate(&self, now: i64) -> Result<ValidCoachingSession, FormErrors> {
        let mut errors = FormErrors::new();
        let day = errors.check(
            "day",
            Date::parse(&self.day).ok_or_else(|| "Indiquez la date de la session.".to_string()),
        );
        let time = errors.check("starts_at", time_of_day(&self.starts_at));
        let location = errors.check(
            "location",
            text(
                &self.location,
                "le lien de visioconférence ou le lieu",
                5,
                300,
                false,
            ),
        );
        let capacity = errors.check(
            "capacity",
            match self.capacity.trim().parse::<i64>() {
                Ok(n) if (1..=SESSION_CAPACITY_MAX).contains(&n) => Ok(n),
                _ => Err(format!(
                    "Indiquez le nombre de places (1 à {SESSION_CAPACITY_MAX})."
                )),
            },
        );
        let starts_at = match (day, time) {
            (Some(day), Some(time)) => {
                let (hours, minutes) = time.split_once(':').unwrap_or(("0", "0"));
                let instant =
                    day.paris_instant(hours.parse().unwrap_or(0), minutes.parse().unwrap_or(0));
                if instant <= now {
                    errors.add(
                        "day",
                        "Cette date est passée : choisissez une date à venir.",
                    );
                    None
                } else {
                    Some(instant)
                }
            }
            _ => None,
        };
        match (starts_at, location, capacity) {
            (Some(starts_at), Some(location), Some(capacity)) if errors.is_empty() => {
                Ok(ValidCoachingSession {
                    starts_at,
                    location,
                    capacity,
                })
            }
            _ => Err(errors.with_values([
                ("day", self.day.as_str()),
                ("starts_at", &self.starts_at),
                ("location", &self.location),
                ("capacity", &self.capacity),
            ])),
        }
    }
}

/// A session as both sides see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoachingSession {
    pub id: i64,
    pub starts_at: i64,
    pub location: String,
    pub capacity: i64,
    pub seats_taken: i64,
    /// It has started: no one books it or leaves it any more.
    pub started: bool,
}

impl CoachingSession {
    /// "mardi 3 novembre 2026 à 10 h 00".
    pub fn when(&self) -> String {
        paris_time_fr(self.starts_at)
    }

    pub fn seats_left(&self) -> i64 {
        (self.capacity - self.seats_taken).max(0)
    }
}

/// A session in an edition's review: who booked it and who came.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAttendance {
    pub session: CoachingSession,
    pub present: i64,
}

/// The ambassador's coaching page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmbassadorCoaching {
    pub edition_name: String,
    pub sessions: Vec<CoachingSession>,
    /// The session they booked, and whether organisers marked them present.
    pub booked: Option<i64>,
    pub attended: Option<bool>,
}

impl AmbassadorCoaching {
    /// Where the ambassador stands, in one sentence.
    pub fn summary(&self) -> String {
        match (self.booked, self.attended) {
            (_, Some(true)) => "Vous avez suivi votre session de coaching. Merci !".to_string(),
            (_, Some(false)) => {
                "Vous étiez absent de votre session de coaching : réservez-en une autre."
                    .to_string()
            }
            (Some(id), None) => {
                self.sessions
                    .iter()
                    .find(|s| s.id == id)
                    .map_or_else(String::new, |s| {
                        format!(
                            "Vous êtes inscrit à la session de coaching du {}.",
                            s.when()
                        )
                    })
            }
            (None, None) => "Vous n'avez pas encore réservé de session de coaching.".to_string(),
        }
    }
}

/// One ambassador booked on a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    pub ambassador_id: i64,
    pub name: String,
    pub email: String,
    pub attended: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionWithBookings {
    pub session: CoachingSession,
    pub bookings: Vec<Booking>,
}

/// An ambassador of the edition (with an offer submitted or published) not yet coached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotCoached {
    pub name: String,
    pub email: String,
    /// Booked on a session still to come.
    pub booked: bool,
}

/// The organisers' coaching page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganiserCoaching {
    pub edition_name: String,
    pub sessions: Vec<SessionWithBookings>,
    pub not_coached: Vec<NotCoached>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CoachingSessionForm {
        CoachingSessionForm {
            day: "2026-11-03".into(),
            starts_at: "10h".into(),
            location: "https://webinaire.numerique.gouv.fr/coaching".into(),
            capacity: "12".into(),
        }
    }

    #[test]
    fn a_session_starts_at_its_paris_time() {
        let now = Date::parse("2026-10-01").unwrap().paris_instant(0, 0);
        let valid = form().validate(now).expect("valid");
        assert_eq!(
            paris_time_fr(valid.starts_at),
            "mardi 3 novembre 2026 à 10 h 00"
        );
        assert_eq!(valid.capacity, 12);
    }

    #[test]
    fn a_past_or_faulty_session_is_refused_field_by_field() {
        let later = Date::parse("2026-12-01").unwrap().paris_instant(0, 0);
        let errors = form().validate(later).unwrap_err();
        assert!(errors.message("day").unwrap().contains("passée"));
        let faulty = CoachingSessionForm {
            capacity: "0".into(),
            location: "".into(),
            ..form()
        };
        let errors = faulty.validate(0).unwrap_err();
        assert!(errors.message("capacity").is_some());
        assert!(errors.message("location").is_some());
        assert_eq!(errors.value("starts_at"), Some("10h"));
    }
}
