//! A hosting offer as its ambassador writes it, and the states it goes through until the
//! organisers publish it: brouillon → soumise → publiée | refusée, and retirée.

use super::catalogue::{FilterOption, ProgrammeItem};
use super::form::{text, FormErrors};
use super::level::LevelSet;
use super::refusal::Refusal;
use serde::{Deserialize, Serialize};

pub const CAPACITY_MAX: i64 = 3;
pub const DESCRIPTION_MAX_CHARS: usize = 2000;
pub const PROGRAMME_MAX_ITEMS: usize = 12;
pub const REFUSAL_REASON_MAX_CHARS: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferStatus {
    Draft,
    Submitted,
    Published,
    Refused,
    Withdrawn,
}

/// What someone does to an offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferAction {
    /// The ambassador asks for validation.
    Submit,
    /// An organiser accepts it.
    Publish,
    /// An organiser refuses it, with a reason.
    Refuse,
    /// The ambassador takes it back.
    Withdraw,
    /// The ambassador makes a withdrawn offer a draft again.
    Reopen,
}

impl OfferAction {
    pub const ALL: [OfferAction; 5] = [
        OfferAction::Submit,
        OfferAction::Publish,
        OfferAction::Refuse,
        OfferAction::Withdraw,
        OfferAction::Reopen,
    ];

    /// The audit log's name of the transition.
    pub fn audit_name(self) -> &'static str {
        match self {
            OfferAction::Submit => "offre_soumise",
            OfferAction::Publish => "offre_publiee",
            OfferAction::Refuse => "offre_refusee",
            OfferAction::Withdraw => "offre_retiree",
            OfferAction::Reopen => "offre_rouverte",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            OfferAction::Submit => "la soumettre à validation",
            OfferAction::Publish => "la publier",
            OfferAction::Refuse => "la refuser",
            OfferAction::Withdraw => "la retirer",
            OfferAction::Reopen => "la remettre en brouillon",
        }
    }
}

impl OfferStatus {
    pub const ALL: [OfferStatus; 5] = [
        OfferStatus::Draft,
        OfferStatus::Submitted,
        OfferStatus::Published,
        OfferStatus::Refused,
        OfferStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Draft => "brouillon",
            OfferStatus::Submitted => "soumise",
            OfferStatus::Published => "publiee",
            OfferStatus::Refused => "refusee",
            OfferStatus::Withdrawn => "retiree",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            OfferStatus::Draft => "Brouillon",
            OfferStatus::Submitted => "En attente de validation",
            OfferStatus::Published => "Publiée",
            OfferStatus::Refused => "Refusée",
            OfferStatus::Withdrawn => "Retirée",
        }
    }

    /// The DSFR badge that shows the state.
    pub fn badge_class(self) -> &'static str {
        match self {
            OfferStatus::Draft => "fr-badge fr-badge--sm",
            OfferStatus::Submitted => "fr-badge fr-badge--sm fr-badge--new",
            OfferStatus::Published => "fr-badge fr-badge--sm fr-badge--success",
            OfferStatus::Refused => "fr-badge fr-badge--sm fr-badge--error",
            OfferStatus::Withdrawn => "fr-badge fr-badge--sm fr-badge--info",
        }
    }

    /// The state after `action`, or why the action is not possible now.
    pub fn after(self, action: OfferAction) -> Result<OfferStatus, Refusal> {
        use OfferAction as A;
        use OfferStatus as S;
        match (self, action) {
            (S::Draft | S::Refused, A::Submit) => Ok(S::Submitted),
            (S::Submitted, A::Publish) => Ok(S::Published),
            (S::Submitted, A::Refuse) => Ok(S::Refused),
            (S::Draft | S::Submitted | S::Published | S::Refused, A::Withdraw) => Ok(S::Withdrawn),
            (S::Withdrawn, A::Reopen) => Ok(S::Draft),
            (status, action) => Err(Refusal::OfferTransition {
                action: action.verb(),
                status: status.label(),
            }),
        }
    }

    /// The state after the ambassador edits the offer: a change to what the
    /// organisers checked (job, site, levels, capacity) sends a published offer back to
    /// validation; a withdrawn offer must be reopened first.
    pub fn after_edit(self, key_fields_changed: bool) -> Result<OfferStatus, Refusal> {
        match self {
            OfferStatus::Withdrawn => Err(Refusal::OfferTransition {
                action: "la modifier",
                status: self.label(),
            }),
            OfferStatus::Published if key_fields_changed => Ok(OfferStatus::Submitted),
            status => Ok(status),
        }
    }
}

/// The offer form as typed: every field a string, so nothing typed is lost; a missing
/// field (an unticked box) reads as empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferForm {
    /// Slug of a job of the reference.
    pub job: String,
    /// Slug of an administration of the directory.
    pub administration: String,
    pub title: String,
    /// A commune as typed ("Rennes (35)" or "Rennes").
    pub commune: String,
    pub address: String,
    pub capacity: String,
    pub level_2: String,
    pub level_3: String,
    pub level_4: String,
    pub level_5: String,
    pub id_check_required: String,
    pub step_free_access: String,
    pub access_notes: String,
    pub description: String,
    pub team: String,
}

/// An offer whose fields are valid (job, administration and commune still have to exist).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOffer {
    pub job: String,
    pub administration: String,
    pub title: String,
    pub commune: String,
    pub address: String,
    pub capacity: i64,
    pub levels: LevelSet,
    pub id_check_required: bool,
    pub step_free_access: bool,
    pub access_notes: String,
    pub description: String,
    pub team: String,
}

fn ticked(value: &str) -> bool {
    !value.is_empty()
}

fn choice(value: &str, message: &str) -> Result<String, String> {
    match value.trim() {
        "" => Err(message.to_string()),
        slug => Ok(slug.to_string()),
    }
}

impl OfferForm {
    pub fn validate(&self) -> Result<ValidOffer, FormErrors> {
        let mut errors = FormErrors::new();
        let job = errors.check(
            "job",
            choice(&self.job, "Choisissez le métier de la journée."),
        );
        let administration = errors.check(
            "administration",
            choice(
                &self.administration,
                "Choisissez l'administration qui accueille.",
            ),
        );
        let title = errors.check("title", text(&self.title, "l'intitulé", 10, 120, false));
        let commune = errors.check(
            "commune",
            text(&self.commune, "la commune du lieu d'accueil", 1, 100, false),
        );
        let address = errors.check(
            "address",
            text(&self.address, "l'adresse du lieu d'accueil", 5, 200, false),
        );
        let capacity = errors.check(
            "capacity",
            match self.capacity.trim().parse::<i64>() {
                Ok(n) if (1..=CAPACITY_MAX).contains(&n) => Ok(n),
                _ => Err(format!(
                    "Choisissez le nombre d'étudiants accueillis (1 à {CAPACITY_MAX})."
                )),
            },
        );
        let levels = errors.check(
            "levels",
            LevelSet::from_checkboxes([&self.level_2, &self.level_3, &self.level_4, &self.level_5]),
        );
        let access_notes = errors.check(
            "access_notes",
            text(
                &self.access_notes,
                "les autres conditions d'accès",
                0,
                300,
                false,
            ),
        );
        let description = errors.check(
            "description",
            text(
                &self.description,
                "la description",
                50,
                DESCRIPTION_MAX_CHARS,
                true,
            ),
        );
        let team = errors.check("team", text(&self.team, "l'équipe", 0, 500, true));
        if !errors.is_empty() {
            return Err(errors.with_values(self.pairs()));
        }
        match (
            job,
            administration,
            title,
            commune,
            address,
            capacity,
            levels,
            access_notes,
            description,
            team,
        ) {
            (
                Some(job),
                Some(administration),
                Some(title),
                Some(commune),
                Some(address),
                Some(capacity),
                Some(levels),
                Some(access_notes),
                Some(description),
                Some(team),
            ) => Ok(ValidOffer {
                job,
                administration,
                title,
                commune,
                address,
                capacity,
                levels,
                id_check_required: ticked(&self.id_check_required),
                step_free_access: ticked(&self.step_free_access),
                access_notes,
                description,
                team,
            }),
            _ => Err(errors.with_values(self.pairs())),
        }
    }

    /// The typed values by field name, to show them again.
    pub fn pairs(&self) -> [(&'static str, &str); 15] {
        [
            ("job", &self.job),
            ("administration", &self.administration),
            ("title", &self.title),
            ("commune", &self.commune),
            ("address", &self.address),
            ("capacity", &self.capacity),
            ("level_2", &self.level_2),
            ("level_3", &self.level_3),
            ("level_4", &self.level_4),
            ("level_5", &self.level_5),
            ("id_check_required", &self.id_check_required),
            ("step_free_access", &self.step_free_access),
            ("access_notes", &self.access_notes),
            ("description", &self.description),
            ("team", &self.team),
        ]
    }
}

/// One step of the day as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgrammeItemForm {
    /// "HH:MM", as a time input sends it.
    pub starts_at: String,
    pub title: String,
    pub details: String,
}

impl ProgrammeItemForm {
    pub fn validate(&self) -> Result<ProgrammeItem, FormErrors> {
        let mut errors = FormErrors::new();
        let starts_at = errors.check("starts_at", time_of_day(&self.starts_at));
        let title = errors.check(
            "title",
            text(&self.title, "l'intitulé de l'étape", 3, 100, false),
        );
        let details = errors.check("details", text(&self.details, "le détail", 0, 300, false));
        match (starts_at, title, details) {
            (Some(starts_at), Some(title), Some(details)) if errors.is_empty() => {
                Ok(ProgrammeItem {
                    starts_at,
                    title,
                    details,
                })
            }
            _ => Err(errors.with_values([
                ("starts_at", self.starts_at.as_str()),
                ("title", &self.title),
                ("details", &self.details),
            ])),
        }
    }
}

/// A time of day written "HH:MM" (a single-digit hour and "h" are accepted: "9h30").
pub fn time_of_day(value: &str) -> Result<String, String> {
    let value = value.trim().replace(['h', 'H'], ":");
    let (hours, minutes) = value.split_once(':').unwrap_or((&value, "00"));
    let minutes = if minutes.is_empty() { "00" } else { minutes };
    match (hours.parse::<u8>(), minutes.parse::<u8>()) {
        (Ok(h), Ok(m)) if h < 24 && m < 60 && minutes.len() == 2 && !hours.is_empty() => {
            Ok(format!("{h:02}:{m:02}"))
        }
        _ => Err("Heure invalide : écrivez-la sous la forme 09:30.".into()),
    }
}

/// One step of the programme as stored, with its id for moving and removing it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredProgrammeItem {
    pub id: i64,
    pub item: ProgrammeItem,
}

/// The ambassador's offer as stored, for its editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnOffer {
    pub id: i64,
    pub status: OfferStatus,
    pub rejection_reason: Option<String>,
    pub seats_taken: i64,
    pub edition_name: String,
    pub form: OfferForm,
    pub programme: Vec<StoredProgrammeItem>,
}

/// What the offer editor shows: the offer (none yet on `/ambassadeur/offres/nouvelle`)
/// and the choices of its form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferEditorView {
    pub offer: Option<OwnOffer>,
    /// On the new offer's page: the offer the ambassador already has in the current
    /// edition (one per edition).
    pub existing_offer_id: Option<i64>,
    pub jobs: Vec<FilterOption>,
    pub administrations: Vec<FilterOption>,
    /// The ambassador's profile names an administration and has a presentation.
    pub profile_complete: bool,
    /// The ambassador's administration, proposed for a new offer.
    pub profile_administration: Option<String>,
}

/// An offer waiting in the organisers' validation queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferUnderReview {
    pub id: i64,
    pub title: String,
    pub ambassador_name: String,
    pub ambassador_email: String,
    pub administration: String,
    pub place: String,
    pub edition_name: String,
    /// When it was last submitted or edited (Unix ms).
    pub updated_at: i64,
}

/// A refusal's reason: required, shown to the ambassador.
pub fn refusal_reason(value: &str) -> Result<String, FormErrors> {
    text(
        value,
        "la raison du refus",
        10,
        REFUSAL_REASON_MAX_CHARS,
        true,
    )
    .map_err(|message| FormErrors::single("reason", message).with_values([("reason", value)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_documented_transitions_are_allowed() {
        use OfferAction as A;
        use OfferStatus as S;
        let allowed = [
            (S::Draft, A::Submit, S::Submitted),
            (S::Refused, A::Submit, S::Submitted),
            (S::Submitted, A::Publish, S::Published),
            (S::Submitted, A::Refuse, S::Refused),
            (S::Draft, A::Withdraw, S::Withdrawn),
            (S::Submitted, A::Withdraw, S::Withdrawn),
            (S::Published, A::Withdraw, S::Withdrawn),
            (S::Refused, A::Withdraw, S::Withdrawn),
            (S::Withdrawn, A::Reopen, S::Draft),
        ];
        for status in S::ALL {
            for action in A::ALL {
                let expected = allowed
                    .iter()
                    .find(|(from, a, _)| *from == status && *a == action)
                    .map(|(_, _, to)| *to);
                match (status.after(action), expected) {
                    (Ok(to), Some(expected)) => assert_eq!(to, expected),
                    (Err(refusal), None) => assert!(
                        refusal
                            .to_string()
                            .contains(status.label().to_lowercase().as_str()),
                        "{refusal}"
                    ),
                    (outcome, expected) => {
                        panic!("{status:?} + {action:?}: {outcome:?}, expected {expected:?}")
                    }
                }
            }
        }
    }

    #[test]
    fn key_edits_send_a_published_offer_back_to_validation() {
        assert_eq!(
            OfferStatus::Published.after_edit(true),
            Ok(OfferStatus::Submitted)
        );
        assert_eq!(
            OfferStatus::Published.after_edit(false),
            Ok(OfferStatus::Published)
        );
        assert_eq!(
            OfferStatus::Refused.after_edit(true),
            Ok(OfferStatus::Refused)
        );
        assert!(OfferStatus::Withdrawn.after_edit(false).is_err());
        for status in OfferStatus::ALL {
            assert_eq!(OfferStatus::parse(status.as_str()), Some(status));
        }
    }

    fn filled() -> OfferForm {
        OfferForm {
            job: "developpeur".into(),
            administration: "dinum".into(),
            title: "Une journée avec l'équipe produit".into(),
            commune: "Paris (75)".into(),
            address: "20 avenue de Ségur".into(),
            capacity: "2".into(),
            level_3: "on".into(),
            level_5: "on".into(),
            step_free_access: "on".into(),
            description: "Vous suivrez une journée de l'équipe : réunion du matin, revue de code, démonstration aux usagers.".into(),
            ..OfferForm::default()
        }
    }

    #[test]
    fn a_filled_offer_is_valid_and_states_only_what_was_ticked() {
        let valid = filled().validate().unwrap();
        assert_eq!(valid.capacity, 2);
        assert_eq!(valid.levels.label(), "Bac+3, Bac+5");
        assert!(valid.step_free_access && !valid.id_check_required);
        assert_eq!(valid.access_notes, "");
    }

    #[test]
    fn a_refused_offer_keeps_what_was_typed() {
        let form = OfferForm {
            capacity: "4".into(),
            level_3: String::new(),
            level_5: String::new(),
            description: "Trop court".into(),
            job: String::new(),
            ..filled()
        };
        let errors = form.validate().unwrap_err();
        for field in ["capacity", "levels", "description", "job"] {
            assert!(errors.message(field).is_some(), "{field}");
        }
        assert_eq!(errors.value("description"), Some("Trop court"));
        assert_eq!(
            errors.value("title"),
            Some("Une journée avec l'équipe produit")
        );
    }

    #[test]
    fn programme_times_are_read_the_french_way() {
        assert_eq!(time_of_day("9h30"), Ok("09:30".into()));
        assert_eq!(time_of_day("14:00"), Ok("14:00".into()));
        assert_eq!(time_of_day("14h"), Ok("14:00".into()));
        for bad in ["", "25:00", "9:3", "midi", "12:60"] {
            assert!(time_of_day(bad).is_err(), "{bad}");
        }
        let item = ProgrammeItemForm {
            starts_at: "9h".into(),
            title: "Accueil".into(),
            details: String::new(),
        }
        .validate()
        .unwrap();
        assert_eq!(item.starts_at, "09:00");
        assert!(refusal_reason("court").is_err());
    }
}
