//! The student's profile and application: statuses, ranked wishes, the deadline rule.

use super::catalogue::PlaceRef;
use super::date::Date;
use super::form::{text, FormErrors};
use super::refusal::Refusal;
use serde::{Deserialize, Serialize};

pub const MOTIVATION_MAX_CHARS: usize = 2000;
pub const RADIUS_MAX_KM: i64 = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApplicationStatus {
    Draft,
    Submitted,
    Withdrawn,
    Paired,
    Unpaired,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 5] = [
        ApplicationStatus::Draft,
        ApplicationStatus::Submitted,
        ApplicationStatus::Withdrawn,
        ApplicationStatus::Paired,
        ApplicationStatus::Unpaired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "brouillon",
            ApplicationStatus::Submitted => "envoyee",
            ApplicationStatus::Withdrawn => "retiree",
            ApplicationStatus::Paired => "en_binome",
            ApplicationStatus::Unpaired => "sans_binome",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "Brouillon",
            ApplicationStatus::Submitted => "Envoyée",
            ApplicationStatus::Withdrawn => "Retirée",
            ApplicationStatus::Paired => "En binôme",
            ApplicationStatus::Unpaired => "Sans binôme",
        }
    }

    /// DSFR badge variant.
    pub fn badge_class(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "fr-badge fr-badge--info",
            ApplicationStatus::Submitted | ApplicationStatus::Paired => {
                "fr-badge fr-badge--success"
            }
            ApplicationStatus::Withdrawn => "fr-badge fr-badge--warning",
            ApplicationStatus::Unpaired => "fr-badge fr-badge--error",
        }
    }
}

/// The ranked offers of an application, best first, without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishList(Vec<i64>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
}

impl Move {
    pub fn parse(value: &str) -> Option<Move> {
        match value {
            "haut" => Some(Move::Up),
            "bas" => Some(Move::Down),
            _ => None,
        }
    }
}

impl WishList {
    pub fn new(offers: Vec<i64>) -> Self {
        let mut list = WishList(Vec::with_capacity(offers.len()));
        for offer in offers {
            if !list.0.contains(&offer) {
                list.0.push(offer);
            }
        }
        list
    }

    pub fn offers(&self) -> &[i64] {
        &self.0
    }

    /// Rank (from 1) of an offer in the list.
    pub fn rank_of(&self, offer: i64) -> Option<usize> {
        self.0.iter().position(|&o| o == offer).map(|i| i + 1)
    }

    /// Adds an offer at the end; adding it twice changes nothing.
    pub fn add(&mut self, offer: i64, max: usize) -> Result<usize, Refusal> {
        if let Some(rank) = self.rank_of(offer) {
            return Ok(rank);
        }
        if self.0.len() >= max {
            return Err(Refusal::TooManyWishes { max });
        }
        self.0.push(offer);
        Ok(self.0.len())
    }

    pub fn remove(&mut self, offer: i64) -> bool {
        let before = self.0.len();
        self.0.retain(|&o| o != offer);
        self.0.len() != before
    }

    /// Moves an offer one rank up or down; at either end nothing changes.
    pub fn shift(&mut self, offer: i64, direction: Move) -> bool {
        let Some(index) = self.0.iter().position(|&o| o == offer) else {
            return false;
        };
        let other = match direction {
            Move::Up if index > 0 => index - 1,
            Move::Down if index + 1 < self.0.len() => index + 1,
            _ => return false,
        };
        self.0.swap(index, other);
        true
    }
}

/// The application window of an edition: changes are accepted from the opening date to
/// the closing date included (Paris time), while the edition is open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationWindow {
    pub edition_status: super::edition::EditionStatus,
    pub opens_on: String,
    pub closes_on: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WindowState {
    NotYetOpen,
    Open,
    Closed,
}

impl ApplicationWindow {
    pub fn state(&self, today: Date) -> WindowState {
        use super::edition::EditionStatus;
        let today = today.to_string();
        match self.edition_status {
            EditionStatus::Preparation => WindowState::NotYetOpen,
            EditionStatus::ApplicationsOpen if today.as_str() < self.opens_on.as_str() => {
                WindowState::NotYetOpen
            }
            EditionStatus::ApplicationsOpen if today.as_str() <= self.closes_on.as_str() => {
                WindowState::Open
            }
            _ => WindowState::Closed,
        }
    }
}

/// Raw profile form, as typed (a missing field reads as empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StudentProfileForm {
    pub first_name: String,
    pub last_name: String,
    pub school: String,
    pub level: String,
    pub curriculum: String,
    pub commune: String,
    pub radius_km: String,
    pub gender: String,
}

/// A profile whose fields are all valid (the commune still has to be found).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidProfile {
    pub first_name: String,
    pub last_name: String,
    pub school: String,
    pub level: u8,
    pub curriculum: String,
    pub commune: String,
    pub radius_km: i64,
    pub gender: Option<&'static str>,
}

pub const GENDERS: [(&str, &str); 3] = [("femme", "Femme"), ("homme", "Homme"), ("autre", "Autre")];

impl StudentProfileForm {
    pub fn validate(&self) -> Result<ValidProfile, FormErrors> {
        let mut errors = FormErrors::new();
        let first_name = errors.check(
            "first_name",
            super::account::person_name(&self.first_name, "votre prénom"),
        );
        let last_name = errors.check(
            "last_name",
            super::account::person_name(&self.last_name, "votre nom"),
        );
        let school = errors.check(
            "school",
            text(&self.school, "votre école ou université", 2, 150, false),
        );
        let level = errors.check(
            "level",
            self.level
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|l| (2..=5).contains(l))
                .ok_or_else(|| "Choisissez votre niveau d'études (Bac+2 à Bac+5).".to_string()),
        );
        let curriculum = errors.check(
            "curriculum",
            text(&self.curriculum, "votre formation", 2, 150, false),
        );
        let commune = errors.check(
            "commune",
            text(&self.commune, "votre commune", 1, 100, false),
        );
        let radius_km = errors.check(
            "radius_km",
            self.radius_km
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|r| (0..=RADIUS_MAX_KM).contains(r))
                .ok_or_else(|| {
                    format!("Indiquez une distance en kilomètres, un nombre entier de 0 à {RADIUS_MAX_KM}.")
                }),
        );
        let gender = errors.check(
            "gender",
            match self.gender.trim() {
                "" => Ok(None),
                value => GENDERS
                    .iter()
                    .find(|(key, _)| *key == value)
                    .map(|(key, _)| Some(*key))
                    .ok_or_else(|| "Choisissez une des réponses proposées, ou aucune.".to_string()),
            },
        );
        match (
            first_name, last_name, school, level, curriculum, commune, radius_km, gender,
        ) {
            (
                Some(first_name),
                Some(last_name),
                Some(school),
                Some(level),
                Some(curriculum),
                Some(commune),
                Some(radius_km),
                Some(gender),
            ) if errors.is_empty() => Ok(ValidProfile {
                first_name,
                last_name,
                school,
                level,
                curriculum,
                commune,
                radius_km,
                gender,
            }),
            _ => Err(errors.with_values(self.pairs())),
        }
    }

    /// The typed values by field name, to show them again.
    pub fn pairs(&self) -> [(&'static str, &str); 8] {
        [
            ("first_name", &self.first_name),
            ("last_name", &self.last_name),
            ("school", &self.school),
            ("level", &self.level),
            ("curriculum", &self.curriculum),
            ("commune", &self.commune),
            ("radius_km", &self.radius_km),
            ("gender", &self.gender),
        ]
    }
}

/// The profile as stored, for the form and the application page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentProfileView {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub school: String,
    pub level: Option<u8>,
    pub curriculum: String,
    pub place: Option<PlaceRef>,
    pub radius_km: Option<i64>,
    pub gender: Option<String>,
}

impl StudentProfileView {
    pub fn is_complete(&self) -> bool {
        self.place.is_some() && self.level.is_some()
    }

    /// The form pre-filled with what is stored.
    pub fn to_form(&self) -> StudentProfileForm {
        StudentProfileForm {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            school: self.school.clone(),
            level: self.level.map(|l| l.to_string()).unwrap_or_default(),
            curriculum: self.curriculum.clone(),
            commune: self.place.as_ref().map(PlaceRef::label).unwrap_or_default(),
            radius_km: self
                .radius_km
                .map(|r| r.to_string())
                .unwrap_or_else(|| "50".into()),
            gender: self.gender.clone().unwrap_or_default(),
        }
    }
}

/// The motivation and consent part of the application form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplicationDetailsForm {
    pub motivation: String,
    pub consent: bool,
    pub jobs: Vec<i64>,
    pub administrations: Vec<i64>,
}

/// What sending the application requires beyond valid fields.
pub fn check_before_sending(
    details: &ApplicationDetailsForm,
    wishes: &WishList,
    profile_complete: bool,
    errors: &mut FormErrors,
) {
    if !profile_complete {
        errors.add(
            "profile",
            "Complétez votre profil avant d'envoyer votre candidature.",
        );
    }
    if wishes.offers().is_empty() {
        errors.add(
            "wishes",
            "Ajoutez au moins un vœu depuis le catalogue des offres avant d'envoyer votre candidature.",
        );
    }
    if details.motivation.trim().is_empty() {
        errors.add(
            "motivation",
            "Indiquez votre motivation en quelques lignes.",
        );
    }
    if !details.consent {
        errors.add(
            "consent",
            "Cochez la case pour accepter que vos informations soient transmises à l'administration qui vous accueillera.",
        );
    }
}

pub fn motivation(value: &str) -> Result<String, String> {
    text(value, "votre motivation", 0, MOTIVATION_MAX_CHARS, true)
}

/// One wish as the application page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WishView {
    pub rank: i64,
    pub offer_id: i64,
    pub title: String,
    pub job: String,
    pub administration: String,
    pub place: PlaceRef,
    /// False when the offer was withdrawn from the catalogue since.
    pub published: bool,
}

/// A checkbox choice (a job or an administration) for criteria preferences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
    pub selected: bool,
}

/// A pair as the organiser's table shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairLine {
    pub id: i64,
    pub student_id: i64,
    pub student: String,
    pub offer_id: i64,
    pub offer: String,
    pub score: f64,
    pub explanation: String,
    pub locked: bool,
    pub published: bool,
}

/// Everything the application page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub edition_name: String,
    pub window: ApplicationWindow,
    pub window_state: WindowState,
    pub max_wishes: i64,
    pub status: Option<ApplicationStatus>,
    pub wishes: Vec<WishView>,
    pub jobs: Vec<Choice>,
    pub administrations: Vec<Choice>,
    pub motivation: String,
    pub consent: bool,
    pub submitted_at: Option<i64>,
    pub profile: StudentProfileView,
    /// The announced pair, once published.
    pub pair: Option<super::pair::PairView>,
}

impl ApplicationView {
    pub fn editable(&self) -> bool {
        self.window_state == WindowState::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wishes_are_added_once_and_bounded() {
        let mut list = WishList::default();
        assert_eq!(list.add(10, 2), Ok(1));
        assert_eq!(list.add(10, 2), Ok(1));
        assert_eq!(list.add(11, 2), Ok(2));
        assert!(list.add(12, 2).unwrap_err().to_string().contains("2 vœux"));
        assert_eq!(list.offers(), &[10, 11]);
    }

    #[test]
    fn wishes_move_and_disappear() {
        let mut list = WishList::new(vec![1, 2, 3, 2]);
        assert_eq!(list.offers(), &[1, 2, 3]);
        assert!(list.shift(3, Move::Up));
        assert_eq!(list.offers(), &[1, 3, 2]);
        assert!(!list.shift(1, Move::Up));
        assert!(!list.shift(2, Move::Down));
        assert!(list.shift(1, Move::Down));
        assert_eq!(list.offers(), &[3, 1, 2]);
        assert!(list.remove(1));
        assert!(!list.remove(1));
        assert_eq!(list.rank_of(2), Some(2));
    }

    #[test]
    fn the_window_closes_after_the_deadline() {
        let window = ApplicationWindow {
            edition_status: crate::domain::edition::EditionStatus::ApplicationsOpen,
            opens_on: "2026-10-01".into(),
            closes_on: "2026-12-01".into(),
        };
        let day = |d: &str| Date::parse(d).unwrap();
        assert_eq!(window.state(day("2026-09-30")), WindowState::NotYetOpen);
        assert_eq!(window.state(day("2026-10-01")), WindowState::Open);
        assert_eq!(window.state(day("2026-12-01")), WindowState::Open);
        assert_eq!(window.state(day("2026-12-02")), WindowState::Closed);
        let closed = ApplicationWindow {
            edition_status: crate::domain::edition::EditionStatus::ApplicationsClosed,
            ..window
        };
        assert_eq!(closed.state(day("2026-11-01")), WindowState::Closed);
    }

    #[test]
    fn a_profile_reports_every_bad_field_and_keeps_the_typed_values() {
        let form = StudentProfileForm {
            first_name: "Camille".into(),
            last_name: "".into(),
            school: "IUT de Lannion".into(),
            level: "7".into(),
            curriculum: "BUT informatique".into(),
            commune: "Lannion".into(),
            radius_km: "loin".into(),
            gender: "".into(),
        };
        let errors = form.validate().unwrap_err();
        assert!(errors.message("last_name").is_some());
        assert!(errors.message("level").is_some());
        assert!(errors.message("radius_km").is_some());
        assert!(errors.message("school").is_none());
        assert_eq!(errors.value("school"), Some("IUT de Lannion"));
        assert_eq!(errors.value("radius_km"), Some("loin"));
    }

    #[test]
    fn sending_needs_wishes_motivation_consent_and_profile() {
        let mut errors = FormErrors::new();
        check_before_sending(
            &ApplicationDetailsForm::default(),
            &WishList::default(),
            false,
            &mut errors,
        );
        for field in ["profile", "wishes", "motivation", "consent"] {
            assert!(errors.message(field).is_some(), "{field}");
        }
        let mut errors = FormErrors::new();
        let details = ApplicationDetailsForm {
            motivation: "Curieuse du métier.".into(),
            consent: true,
            ..Default::default()
        };
        check_before_sending(&details, &WishList::new(vec![4]), true, &mut errors);
        assert!(errors.is_empty());
    }
}
