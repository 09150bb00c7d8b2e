//! An edition of the programme: its kind, its calendar, its settings, and the states it
//! goes through with the calendar: préparation → candidatures ouvertes → candidatures
//! closes → binômes annoncés → terminée → archivée.

use super::date::Date;
use super::form::{text, FormErrors};
use super::level::LevelSet;
use super::refusal::Refusal;
use crate::matching::Weights;
use serde::{Deserialize, Serialize};

pub const MAX_WISHES_LIMIT: i64 = 20;
pub const RETENTION_DAYS_MAX: i64 = 1095;
pub const WEIGHT_MAX: f64 = 1000.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditionKind {
    DayShadowing,
    SecondeInternship,
    ProjectCall,
}

impl EditionKind {
    pub const ALL: [EditionKind; 3] = [
        EditionKind::DayShadowing,
        EditionKind::SecondeInternship,
        EditionKind::ProjectCall,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EditionKind::DayShadowing => "journee_immersion",
            EditionKind::SecondeInternship => "stage_seconde",
            EditionKind::ProjectCall => "appel_projets",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            EditionKind::DayShadowing => "Journée d'immersion",
            EditionKind::SecondeInternship => "Stage de seconde",
            EditionKind::ProjectCall => "Appel à projets",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EditionStatus {
    #[default]
    Preparation,
    ApplicationsOpen,
    ApplicationsClosed,
    PairsAnnounced,
    Finished,
    Archived,
}

/// What the organiser ticks before announcing the pairs, which sends an e-mail to everyone.
pub const ANNOUNCEMENT_CONFIRMATION: &str =
    "Je confirme l'annonce : chaque étudiant et chaque ambassadeur reçoit aussitôt un courriel, et elle ne peut pas être annulée.";

/// What an organiser does to an edition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditionAction {
    OpenApplications,
    CloseApplications,
    /// Done by announcing the pairs from the pairing workspace.
    AnnouncePairs,
    Finish,
    Archive,
}

impl EditionAction {
    pub const ALL: [EditionAction; 5] = [
        EditionAction::OpenApplications,
        EditionAction::CloseApplications,
        EditionAction::AnnouncePairs,
        EditionAction::Finish,
        EditionAction::Archive,
    ];

    /// The name a form posts.
    pub fn as_str(self) -> &'static str {
        match self {
            EditionAction::OpenApplications => "ouvrir",
            EditionAction::CloseApplications => "fermer",
            EditionAction::AnnouncePairs => "annoncer",
            EditionAction::Finish => "terminer",
            EditionAction::Archive => "archiver",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == value)
    }

    /// The button that does it.
    pub fn label(self) -> &'static str {
        match self {
            EditionAction::OpenApplications => "Ouvrir les candidatures",
            EditionAction::CloseApplications => "Clore les candidatures",
            EditionAction::AnnouncePairs => "Annoncer les binômes",
            EditionAction::Finish => "Terminer l'édition",
            EditionAction::Archive => "Archiver l'édition",
        }
    }

    /// What the organiser ticks before an action that cannot be undone (RGAA 11.12);
    /// `None` for a step that can be taken back.
    pub fn confirmation(self) -> Option<&'static str> {
        match self {
            EditionAction::OpenApplications | EditionAction::CloseApplications => None,
            EditionAction::AnnouncePairs => Some(ANNOUNCEMENT_CONFIRMATION),
            EditionAction::Finish => Some(
                "Je confirme : une édition terminée ne peut pas être rouverte (binômes, présences et avis restent consultables).",
            ),
            EditionAction::Archive => Some(
                "Je confirme : une édition archivée quitte le site public et ne peut pas y revenir.",
            ),
        }
    }

    pub fn audit_name(self) -> &'static str {
        match self {
            EditionAction::OpenApplications => "edition_candidatures_ouvertes",
            EditionAction::CloseApplications => "edition_candidatures_closes",
            EditionAction::AnnouncePairs => "binomes_annonces",
            EditionAction::Finish => "edition_terminee",
            EditionAction::Archive => "edition_archivee",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            EditionAction::OpenApplications => "ouvrir les candidatures",
            EditionAction::CloseApplications => "clore les candidatures",
            EditionAction::AnnouncePairs => "annoncer les binômes",
            EditionAction::Finish => "terminer l'édition",
            EditionAction::Archive => "archiver l'édition",
        }
    }
}

impl EditionStatus {
    pub const ALL: [EditionStatus; 6] = [
        EditionStatus::Preparation,
        EditionStatus::ApplicationsOpen,
        EditionStatus::ApplicationsClosed,
        EditionStatus::PairsAnnounced,
        EditionStatus::Finished,
        EditionStatus::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EditionStatus::Preparation => "preparation",
            EditionStatus::ApplicationsOpen => "candidatures_ouvertes",
            EditionStatus::ApplicationsClosed => "candidatures_closes",
            EditionStatus::PairsAnnounced => "binomes_annonces",
            EditionStatus::Finished => "terminee",
            EditionStatus::Archived => "archivee",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            EditionStatus::Preparation => "En préparation",
            EditionStatus::ApplicationsOpen => "Candidatures ouvertes",
            EditionStatus::ApplicationsClosed => "Candidatures closes",
            EditionStatus::PairsAnnounced => "Binômes annoncés",
            EditionStatus::Finished => "Terminée",
            EditionStatus::Archived => "Archivée",
        }
    }

    pub fn badge_class(self) -> &'static str {
        match self {
            EditionStatus::Preparation => "fr-badge fr-badge--sm fr-badge--new",
            EditionStatus::ApplicationsOpen => "fr-badge fr-badge--sm fr-badge--success",
            EditionStatus::ApplicationsClosed => "fr-badge fr-badge--sm fr-badge--info",
            EditionStatus::PairsAnnounced => "fr-badge fr-badge--sm fr-badge--info",
            EditionStatus::Finished | EditionStatus::Archived => "fr-badge fr-badge--sm",
        }
    }

    /// From the announcement on, pairs and offers change only through a decline and a
    /// pair made again by hand.
    pub fn is_announced(self) -> bool {
        self >= EditionStatus::PairsAnnounced
    }

    /// Whether runs, locks and moves may change the pairs: only while applications are
    /// open or closed (once announced, pairs change by a decline and a new pair).
    pub fn allows_pair_changes(self) -> Result<(), Refusal> {
        match self {
            EditionStatus::ApplicationsOpen | EditionStatus::ApplicationsClosed => Ok(()),
            status if status.is_announced() => Err(Refusal::PairsAnnounced),
            status => Err(Refusal::EditionTransition {
                action: "former des binômes",
                status: status.label(),
            }),
        }
    }

    /// The state after `action` on `today`, or why it would break the calendar.
    pub fn after(
        self,
        action: EditionAction,
        calendar: &Calendar,
        today: Date,
    ) -> Result<EditionStatus, Refusal> {
        use EditionAction as A;
        use EditionStatus as S;
        match (self, action) {
            (S::Preparation | S::ApplicationsClosed, A::OpenApplications) => {
                if today < calendar.applications_open_on {
                    Err(Refusal::EditionOpensLater {
                        opens_on: calendar.applications_open_on.to_string(),
                    })
                } else if today > calendar.applications_close_on {
                    Err(Refusal::EditionCloseDatePassed {
                        closes_on: calendar.applications_close_on.to_string(),
                    })
                } else {
                    Ok(S::ApplicationsOpen)
                }
            }
            (status, A::OpenApplications) if status.is_announced() => {
                Err(Refusal::ApplicationsAfterAnnouncement)
            }
            (S::ApplicationsOpen, A::CloseApplications) => Ok(S::ApplicationsClosed),
            (S::ApplicationsClosed, A::AnnouncePairs) => Ok(S::PairsAnnounced),
            (S::PairsAnnounced, A::Finish) => {
                if today < calendar.immersion_on {
                    Err(Refusal::ImmersionNotYetPassed {
                        immersion_on: calendar.immersion_on.to_string(),
                    })
                } else {
                    Ok(S::Finished)
                }
            }
            (S::Finished, A::Archive) => Ok(S::Archived),
            (status, action) => Err(Refusal::EditionTransition {
                action: action.verb(),
                status: status.label(),
            }),
        }
    }

    /// The organisers' next steps from this state (what the page offers as buttons).
    pub fn next_actions(self) -> &'static [EditionAction] {
        match self {
            EditionStatus::Preparation => &[EditionAction::OpenApplications],
            EditionStatus::ApplicationsOpen => &[EditionAction::CloseApplications],
            EditionStatus::ApplicationsClosed => &[EditionAction::OpenApplications],
            EditionStatus::PairsAnnounced => &[EditionAction::Finish],
            EditionStatus::Finished => &[EditionAction::Archive],
            EditionStatus::Archived => &[],
        }
    }
}

/// The dates of an edition, in the order they come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub ambassadors_open_on: Date,
    pub ambassadors_close_on: Date,
    pub applications_open_on: Date,
    pub applications_close_on: Date,
    pub pairing_on: Date,
    pub announcement_on: Date,
    pub immersion_on: Date,
}

impl Calendar {
    /// Whether an ambassador may submit an offer on `today`.
    pub fn ambassadors_window(&self, today: Date) -> Result<(), Refusal> {
        if today < self.ambassadors_open_on || today > self.ambassadors_close_on {
            Err(Refusal::AmbassadorsWindowClosed {
                opens_on: self.ambassadors_open_on.to_string(),
                closes_on: self.ambassadors_close_on.to_string(),
            })
        } else {
            Ok(())
        }
    }
}

/// An edition as organisers see and edit it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edition {
    pub id: i64,
    pub kind: EditionKind,
    pub title: String,
    pub status: EditionStatus,
    pub calendar: Calendar,
    pub max_wishes: i64,
    pub levels: LevelSet,
    pub weights: Weights,
    pub retention_days: i64,
}

impl Edition {
    /// The form filled with the edition's values.
    pub fn form(&self) -> EditionForm {
        let c = &self.calendar;
        EditionForm {
            title: self.title.clone(),
            ambassadors_open_on: c.ambassadors_open_on.to_string(),
            ambassadors_close_on: c.ambassadors_close_on.to_string(),
            applications_open_on: c.applications_open_on.to_string(),
            applications_close_on: c.applications_close_on.to_string(),
            pairing_on: c.pairing_on.to_string(),
            announcement_on: c.announcement_on.to_string(),
            immersion_on: c.immersion_on.to_string(),
            ..settings_fields(
                self.kind,
                self.max_wishes,
                self.levels,
                &self.weights,
                self.retention_days,
            )
        }
    }
}

/// The programme's usual settings, for a new edition.
const USUAL_MAX_WISHES: i64 = 5;
const USUAL_RETENTION_DAYS: i64 = 365;

impl ValidEdition {
    /// An edition with the programme's usual settings (seed data, tests).
    pub fn programme_default(title: &str, calendar: Calendar) -> Self {
        ValidEdition {
            kind: EditionKind::DayShadowing,
            title: title.to_string(),
            calendar,
            max_wishes: USUAL_MAX_WISHES,
            levels: LevelSet::ALL,
            weights: Weights::programme_default(USUAL_MAX_WISHES as usize),
            retention_days: USUAL_RETENTION_DAYS,
        }
    }
}

/// The form's fields for an edition's settings (title and dates left empty).
fn settings_fields(
    kind: EditionKind,
    max_wishes: i64,
    levels: LevelSet,
    weights: &Weights,
    retention_days: i64,
) -> EditionForm {
    let [level_2, level_3, level_4, level_5] = levels.checkboxes();
    EditionForm {
        kind: kind.as_str().into(),
        max_wishes: max_wishes.to_string(),
        level_2,
        level_3,
        level_4,
        level_5,
        weight_wish_ranks: weights
            .wish_rank
            .iter()
            .map(|w| points(*w))
            .collect::<Vec<_>>()
            .join(", "),
        weight_job: points(weights.job),
        weight_administration: points(weights.administration),
        weight_distance_per_km: points(weights.distance_per_km),
        retention_days: retention_days.to_string(),
        ..Default::default()
    }
}

/// One line of the organisers' list of editions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionLine {
    pub id: i64,
    pub kind: EditionKind,
    pub title: String,
    pub status: EditionStatus,
    pub immersion_on: String,
    pub offers: i64,
    pub applications: i64,
}

/// An edition's figures, from its offers to its feedback (past editions included).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionFigures {
    pub offers_published: i64,
    pub seats: i64,
    pub applications_sent: i64,
    pub pairs: i64,
    pub confirmed_both_sides: i64,
    pub declines: i64,
    pub present: i64,
    pub absent: i64,
    pub feedback: i64,
    /// Ambassadors with a published offer, and those of them who attended a coaching session.
    pub ambassadors: i64,
    pub coached: i64,
}

impl EditionFigures {
    /// (label, figure) in the order the review shows them.
    pub fn lines(&self) -> [(&'static str, i64); 11] {
        [
            ("Offres publiées", self.offers_published),
            ("Places offertes", self.seats),
            ("Candidatures envoyées", self.applications_sent),
            ("Binômes", self.pairs),
            (
                "Binômes confirmés des deux côtés",
                self.confirmed_both_sides,
            ),
            ("Binômes déclinés", self.declines),
            ("Étudiants présents", self.present),
            ("Étudiants absents", self.absent),
            ("Avis reçus", self.feedback),
            ("Ambassadeurs ayant une offre publiée", self.ambassadors),
            ("Ambassadeurs coachés", self.coached),
        ]
    }
}

/// The edition form as typed: every field a string, so nothing typed is lost.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EditionForm {
    pub kind: String,
    pub title: String,
    pub ambassadors_open_on: String,
    pub ambassadors_close_on: String,
    pub applications_open_on: String,
    pub applications_close_on: String,
    pub pairing_on: String,
    pub announcement_on: String,
    pub immersion_on: String,
    pub max_wishes: String,
    pub level_2: String,
    pub level_3: String,
    pub level_4: String,
    pub level_5: String,
    /// Points for the 1st, 2nd… wish, separated by commas or spaces.
    pub weight_wish_ranks: String,
    pub weight_job: String,
    pub weight_administration: String,
    pub weight_distance_per_km: String,
    pub retention_days: String,
}

/// An edition whose fields are valid and whose dates are in order.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidEdition {
    pub kind: EditionKind,
    pub title: String,
    pub calendar: Calendar,
    pub max_wishes: i64,
    pub levels: LevelSet,
    pub weights: Weights,
    pub retention_days: i64,
}

/// The date fields, their label, in calendar order.
pub const DATE_FIELDS: [(&str, &str); 7] = [
    ("ambassadors_open_on", "l'ouverture du dépôt des offres"),
    ("ambassadors_close_on", "la clôture du dépôt des offres"),
    ("applications_open_on", "l'ouverture des candidatures"),
    ("applications_close_on", "la clôture des candidatures"),
    ("pairing_on", "la date de formation des binômes"),
    ("announcement_on", "la date d'annonce des binômes"),
    ("immersion_on", "la date de la journée d'immersion"),
];

/// A weight as the form shows it: "100", "0,2".
fn points(value: f64) -> String {
    format!("{value}").replace('.', ",")
}

fn date(value: &str, label: &str) -> Result<Date, String> {
    match value.trim() {
        "" => Err(format!("Indiquez {label}.")),
        text => Date::parse(text)
            .ok_or_else(|| format!("Indiquez {label} au format jj/mm/aaaa (date invalide).")),
    }
}

fn number(value: &str, label: &str, max: f64) -> Result<f64, String> {
    match value.trim().replace(',', ".").parse::<f64>() {
        Ok(n) if n.is_finite() && (0.0..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "{label} : un nombre entre 0 et {} (par exemple 12,5).",
            points(max)
        )),
    }
}

impl EditionForm {
    pub fn validate(&self) -> Result<ValidEdition, FormErrors> {
        let mut errors = FormErrors::new();
        let kind = errors.check(
            "kind",
            EditionKind::parse(self.kind.trim())
                .ok_or_else(|| "Choisissez le type d'édition.".to_string()),
        );
        let title = errors.check("title", text(&self.title, "le titre", 5, 120, false));
        let values = self.date_values();
        let mut dates = Vec::with_capacity(DATE_FIELDS.len());
        for ((field, label), value) in DATE_FIELDS.iter().zip(values) {
            dates.push(errors.check(field, date(value, label)));
        }
        // Each date comes after the ones it depends on.
        const ORDER: [(usize, usize, &str); 6] = [
            (
                0,
                1,
                "Le dépôt des offres ne peut pas se clore avant de s'ouvrir.",
            ),
            (
                2,
                3,
                "Les candidatures ne peuvent pas se clore avant de s'ouvrir.",
            ),
            (
                1,
                4,
                "Les binômes se forment après la clôture du dépôt des offres.",
            ),
            (
                3,
                4,
                "Les binômes se forment après la clôture des candidatures.",
            ),
            (4, 5, "L'annonce des binômes vient après leur formation."),
            (
                5,
                6,
                "La journée d'immersion vient après l'annonce des binômes.",
            ),
        ];
        for (before, after, message) in ORDER {
            if let (Some(a), Some(b)) = (dates[before], dates[after]) {
                if a > b {
                    errors.add(DATE_FIELDS[after].0, message);
                }
            }
        }
        let max_wishes = errors.check(
            "max_wishes",
            match self.max_wishes.trim().parse::<i64>() {
                Ok(n) if (1..=MAX_WISHES_LIMIT).contains(&n) => Ok(n),
                _ => Err(format!(
                    "Indiquez le nombre de vœux au plus (1 à {MAX_WISHES_LIMIT})."
                )),
            },
        );
        let levels = errors.check(
            "levels",
            LevelSet::from_checkboxes([&self.level_2, &self.level_3, &self.level_4, &self.level_5]),
        );
        let wish_rank: Option<Vec<f64>> = errors.check("weight_wish_ranks", {
            let parts: Vec<&str> = self
                .weight_wish_ranks
                .split([';', ' ', '\t'])
                .map(|p| p.trim_end_matches(','))
                .filter(|p| !p.is_empty())
                .collect();
            if parts.is_empty() {
                Err("Indiquez les points du 1er vœu, du 2e… (par exemple 100, 80, 60).".into())
            } else if parts.len() > MAX_WISHES_LIMIT as usize {
                Err(format!("{MAX_WISHES_LIMIT} rangs de vœux au plus."))
            } else {
                parts
                    .into_iter()
                    .map(|p| number(p, "Points par rang de vœu", WEIGHT_MAX))
                    .collect()
            }
        });
        let job = errors.check(
            "weight_job",
            number(&self.weight_job, "Points pour le métier", WEIGHT_MAX),
        );
        let administration = errors.check(
            "weight_administration",
            number(
                &self.weight_administration,
                "Points pour l'administration",
                WEIGHT_MAX,
            ),
        );
        let distance_per_km = errors.check(
            "weight_distance_per_km",
            number(
                &self.weight_distance_per_km,
                "Points retirés par kilomètre",
                100.0,
            ),
        );
        let retention_days = errors.check(
            "retention_days",
            match self.retention_days.trim().parse::<i64>() {
                Ok(n) if (30..=RETENTION_DAYS_MAX).contains(&n) => Ok(n),
                _ => Err(format!(
                    "Indiquez la durée de conservation en jours (30 à {RETENTION_DAYS_MAX})."
                )),
            },
        );
        let calendar = match dates.as_slice() {
            [Some(a), Some(b), Some(c), Some(d), Some(e), Some(f), Some(g)] => Some(Calendar {
                ambassadors_open_on: *a,
                ambassadors_close_on: *b,
                applications_open_on: *c,
                applications_close_on: *d,
                pairing_on: *e,
                announcement_on: *f,
                immersion_on: *g,
            }),
            _ => None,
        };
        match (
            errors.is_empty(),
            kind,
            title,
            calendar,
            max_wishes,
            levels,
            wish_rank,
            job,
            administration,
            distance_per_km,
            retention_days,
        ) {
            (
                true,
                Some(kind),
                Some(title),
                Some(calendar),
                Some(max_wishes),
                Some(levels),
                Some(wish_rank),
                Some(job),
                Some(administration),
                Some(distance_per_km),
                Some(retention_days),
            ) => Ok(ValidEdition {
                kind,
                title,
                calendar,
                max_wishes,
                levels,
                weights: Weights {
                    wish_rank,
                    job,
                    administration,
                    distance_per_km,
                },
                retention_days,
            }),
            _ => Err(errors.with_values(self.pairs())),
        }
    }

    fn date_values(&self) -> [&str; 7] {
        [
            &self.ambassadors_open_on,
            &self.ambassadors_close_on,
            &self.applications_open_on,
            &self.applications_close_on,
            &self.pairing_on,
            &self.announcement_on,
            &self.immersion_on,
        ]
    }

    /// The typed values by field name, to show them again.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let mut pairs = vec![("kind", self.kind.as_str()), ("title", &self.title)];
        pairs.extend(DATE_FIELDS.iter().map(|(f, _)| *f).zip(self.date_values()));
        pairs.extend([
            ("max_wishes", self.max_wishes.as_str()),
            ("level_2", &self.level_2),
            ("level_3", &self.level_3),
            ("level_4", &self.level_4),
            ("level_5", &self.level_5),
            ("weight_wish_ranks", &self.weight_wish_ranks),
            ("weight_job", &self.weight_job),
            ("weight_administration", &self.weight_administration),
            ("weight_distance_per_km", &self.weight_distance_per_km),
            ("retention_days", &self.retention_days),
        ]);
        pairs
    }

    /// A new edition's form: the programme's usual settings, dates to fill.
    pub fn blank() -> Self {
        settings_fields(
            EditionKind::DayShadowing,
            USUAL_MAX_WISHES,
            LevelSet::ALL,
            &Weights::programme_default(USUAL_MAX_WISHES as usize),
            USUAL_RETENTION_DAYS,
        )
    }
}

/// "du mardi 3 novembre 2026 au samedi 21 novembre 2026".
pub fn window_fr(from: Date, to: Date) -> String {
    format!("du {} au {}", from.long_fr(), to.long_fr())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(text).expect("date")
    }

    fn calendar() -> Calendar {
        Calendar {
            ambassadors_open_on: day("2026-09-01"),
            ambassadors_close_on: day("2026-10-15"),
            applications_open_on: day("2026-10-01"),
            applications_close_on: day("2026-10-31"),
            pairing_on: day("2026-11-03"),
            announcement_on: day("2026-11-10"),
            immersion_on: day("2026-11-26"),
        }
    }

    #[test]
    fn the_calendar_runs_forward() {
        let c = calendar();
        let s = EditionStatus::Preparation;
        let s = s
            .after(EditionAction::OpenApplications, &c, day("2026-10-02"))
            .unwrap();
        assert_eq!(s, EditionStatus::ApplicationsOpen);
        let s = s
            .after(EditionAction::CloseApplications, &c, day("2026-10-31"))
            .unwrap();
        // Reopening before the announcement is allowed while the window lasts.
        assert_eq!(
            s.after(EditionAction::OpenApplications, &c, day("2026-10-31")),
            Ok(EditionStatus::ApplicationsOpen)
        );
        let s = s
            .after(EditionAction::AnnouncePairs, &c, day("2026-11-10"))
            .unwrap();
        assert_eq!(s, EditionStatus::PairsAnnounced);
        let s = s
            .after(EditionAction::Finish, &c, day("2026-11-26"))
            .unwrap();
        let s = s
            .after(EditionAction::Archive, &c, day("2026-12-01"))
            .unwrap();
        assert_eq!(s, EditionStatus::Archived);
    }

    #[test]
    fn every_other_transition_is_refused_with_its_reason() {
        let c = calendar();
        let today = day("2026-10-10");
        let allowed = [
            (EditionStatus::Preparation, EditionAction::OpenApplications),
            (
                EditionStatus::ApplicationsOpen,
                EditionAction::CloseApplications,
            ),
            (
                EditionStatus::ApplicationsClosed,
                EditionAction::OpenApplications,
            ),
            (
                EditionStatus::ApplicationsClosed,
                EditionAction::AnnouncePairs,
            ),
            (EditionStatus::PairsAnnounced, EditionAction::Finish),
            (EditionStatus::Finished, EditionAction::Archive),
        ];
        // Two days: one inside the application window, one after the immersion day.
        let days = [today, day("2026-11-27")];
        for status in EditionStatus::ALL {
            for action in EditionAction::ALL {
                let outcomes: Vec<_> = days.iter().map(|d| status.after(action, &c, *d)).collect();
                if allowed.contains(&(status, action)) {
                    assert!(outcomes.iter().any(Result::is_ok), "{status:?} {action:?}");
                } else {
                    assert!(outcomes.iter().all(Result::is_err), "{status:?} {action:?}");
                }
            }
        }
        assert_eq!(
            EditionStatus::PairsAnnounced.after(EditionAction::OpenApplications, &c, today),
            Err(Refusal::ApplicationsAfterAnnouncement)
        );
        assert!(EditionStatus::ApplicationsClosed
            .after(EditionAction::OpenApplications, &c, day("2026-11-01"))
            .unwrap_err()
            .to_string()
            .contains("reportez"));
        assert!(matches!(
            EditionStatus::Preparation.after(
                EditionAction::OpenApplications,
                &c,
                day("2026-09-30")
            ),
            Err(Refusal::EditionOpensLater { .. })
        ));
        assert!(matches!(
            EditionStatus::PairsAnnounced.after(EditionAction::Finish, &c, day("2026-11-25")),
            Err(Refusal::ImmersionNotYetPassed { .. })
        ));
    }

    fn filled() -> EditionForm {
        EditionForm {
            title: "Vis mon job – édition 2026".into(),
            ambassadors_open_on: "2026-09-01".into(),
            ambassadors_close_on: "2026-10-15".into(),
            applications_open_on: "2026-10-01".into(),
            applications_close_on: "2026-10-31".into(),
            pairing_on: "2026-11-03".into(),
            announcement_on: "2026-11-10".into(),
            immersion_on: "2026-11-26".into(),
            ..EditionForm::blank()
        }
    }

    #[test]
    fn a_filled_form_is_valid_and_round_trips() {
        let valid = filled().validate().expect("valid");
        assert_eq!(valid.calendar, calendar());
        assert_eq!(valid.weights, Weights::programme_default(5));
        let edition = Edition {
            id: 1,
            kind: valid.kind,
            title: valid.title.clone(),
            status: EditionStatus::Preparation,
            calendar: valid.calendar,
            max_wishes: valid.max_wishes,
            levels: valid.levels,
            weights: valid.weights.clone(),
            retention_days: valid.retention_days,
        };
        let form = edition.form();
        assert_eq!(form.weight_wish_ranks, "100, 80, 60, 40, 20");
        assert_eq!(form.weight_distance_per_km, "0,2");
        assert_eq!(form.validate(), Ok(valid));
    }

    #[test]
    fn dates_out_of_order_name_the_later_field_and_keep_what_was_typed() {
        let form = EditionForm {
            immersion_on: "2026-11-01".into(),
            weight_job: "beaucoup".into(),
            ..filled()
        };
        let errors = form.validate().unwrap_err();
        assert!(errors
            .message("immersion_on")
            .unwrap()
            .contains("après l'annonce"));
        assert!(errors.message("weight_job").unwrap().contains("nombre"));
        assert_eq!(errors.value("weight_job"), Some("beaucoup"));
        assert_eq!(errors.value("title"), Some("Vis mon job – édition 2026"));
    }

    #[test]
    fn weights_accept_french_decimals() {
        let form = EditionForm {
            weight_wish_ranks: "100, 75,5 ; 50".into(),
            weight_distance_per_km: "0,5".into(),
            ..filled()
        };
        let valid = form.validate().expect("valid");
        assert_eq!(valid.weights.wish_rank, vec![100.0, 75.5, 50.0]);
        assert_eq!(valid.weights.distance_per_km, 0.5);
    }
}
