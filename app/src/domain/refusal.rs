//! Why a rule of the programme refuses an action. Each refusal says it in French to the
//! person who asked; the server answers it with 409 (see `api::error`).

use super::date::long_fr;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    // Accounts.
    #[error("Ce lien de confirmation n'est plus valable (déjà utilisé ou expiré). Connectez-vous : un nouveau lien vous sera envoyé si votre adresse n'est pas encore confirmée.")]
    VerificationLinkInvalid,
    #[error("Ce lien n'est plus valable (déjà utilisé ou plus d'une heure écoulée) : demandez-en un nouveau.")]
    ResetLinkInvalid,
    #[error(
        "Plus de dix minutes ont passé depuis votre mot de passe : connectez-vous de nouveau."
    )]
    SecondFactorExpired,

    // The edition's calendar.
    #[error("Aucune édition en cours.")]
    NoEditionInProgress,
    #[error("Aucune édition n'est ouverte aux candidatures.")]
    NoEditionOpen,
    #[error("Vous ne pouvez pas {action} : l'édition est au statut « {} ».", .status.to_lowercase())]
    EditionTransition {
        action: &'static str,
        status: &'static str,
    },
    #[error("Le calendrier ouvre les candidatures le {} : avancez cette date pour les ouvrir dès aujourd'hui.", long_fr(.opens_on))]
    EditionOpensLater { opens_on: String },
    #[error("La clôture des candidatures était fixée au {} : reportez-la dans le calendrier avant de les rouvrir.", long_fr(.closes_on))]
    EditionCloseDatePassed { closes_on: String },
    #[error("Les binômes sont annoncés : les candidatures ne peuvent plus rouvrir.")]
    ApplicationsAfterAnnouncement,
    #[error("La journée d'immersion a lieu le {} : l'édition ne peut être terminée qu'à partir de ce jour.", long_fr(.immersion_on))]
    ImmersionNotYetPassed { immersion_on: String },
    #[error("Le dépôt des offres de cette édition est ouvert du {} au {} inclus.", long_fr(.opens_on), long_fr(.closes_on))]
    AmbassadorsWindowClosed { opens_on: String, closes_on: String },
    #[error("Une édition archivée ne se modifie plus.")]
    EditionArchived,
    #[error("Clôturez d'abord les candidatures : les binômes se forment sur des candidatures qui ne changent plus.")]
    ApplicationsStillOpen,
    #[error("Les candidatures ouvrent le {}.", long_fr(.opens_on))]
    ApplicationsNotYetOpen { opens_on: String },
    #[error("Les candidatures sont closes depuis le {} au soir : votre candidature ne peut plus changer.", long_fr(.closes_on))]
    ApplicationsClosed { closes_on: String },

    // A student's application.
    #[error("Cette édition accueille les étudiants de niveau {accepted} : votre profil indique Bac+{level}.")]
    LevelNotAccepted { accepted: String, level: i64 },
    #[error("Les binômes de cette édition sont formés : votre candidature ne peut plus changer.")]
    PairsFormed,
    #[error("Vous avez déjà {max} vœux, le maximum pour cette édition : retirez-en un pour en ajouter un autre.")]
    TooManyWishes { max: usize },
    #[error("Cette offre n'est pas (ou plus) proposée dans l'édition en cours.")]
    OfferNotOffered,
    #[error("Déplacement inconnu : « haut » ou « bas ».")]
    UnknownMove,
    #[error("Votre candidature n'est pas envoyée : il n'y a rien à retirer.")]
    NothingToWithdraw,

    // Pairing.
    #[error("algorithme « {0} » inconnu (stable ou optimal)")]
    UnknownAlgorithm(String),
    /// A run ended in error; its message was recorded with the run.
    #[error("{0}")]
    RunFailed(String),
    #[error("Ce calcul n'existe pas pour cette édition.")]
    UnknownRun,
    #[error("Le calcul n° {0} est en cours pour cette édition : attendez sa fin pour en lancer un autre.")]
    RunInProgress(i64),
    #[error("Les binômes sont déjà annoncés : ils ne peuvent plus changer.")]
    PairsAnnounced,
    #[error("L'offre n° {0} n'a plus de place : relancez le calcul.")]
    RunOfferFull(i64),
    #[error("Cet étudiant n'a pas de candidature envoyée dans cette édition.")]
    NoApplicationSent,
    #[error("L'offre n° {0} n'est pas publiée dans cette édition.")]
    OfferNotPublished(i64),
    #[error("Cet étudiant ne peut pas aller sur cette offre : niveau non accepté, ou offre hors de ses vœux et de ses métiers à distance.")]
    NotEligible,
    #[error("L'offre n° {0} est complète.")]
    OfferFull(i64),

    // An ambassador's offer.
    #[error("Impossible de {action} : cette offre est au statut « {} ».", .status.to_lowercase())]
    OfferTransition {
        action: &'static str,
        status: &'static str,
    },
    #[error("Vous avez déjà une offre dans cette édition : modifiez-la plutôt que d'en écrire une autre.")]
    OfferAlreadyWritten,
    #[error("Complétez d'abord votre profil (administration et présentation) : l'étudiant le lira avec votre offre.")]
    AmbassadorProfileIncomplete,
    #[error("Ajoutez au moins une étape au programme de la journée avant de soumettre l'offre.")]
    ProgrammeEmpty,
    #[error("Le programme compte déjà {max} étapes, le maximum : retirez-en une pour en ajouter une autre.")]
    ProgrammeFull { max: usize },
    #[error("Les binômes de cette édition sont annoncés : l'offre ne change plus. Écrivez à l'équipe du programme.")]
    OfferFrozen,
    // An announced pair.
    #[error("La journée d'immersion a eu lieu : ce binôme ne peut plus être annulé.")]
    PairDayHasCome,
    #[error("La présence et les avis s'indiquent à partir du jour de l'immersion.")]
    PairDayNotYet,
    #[error("Cet étudiant a un binôme annoncé : défaites-le d'abord, avec la raison, pour le placer ailleurs.")]
    UndoPairFirst,

    // Coaching.
    #[error("Cette session de coaching est complète : choisissez-en une autre.")]
    CoachingSessionFull,
    #[error(
        "Cette session de coaching a déjà commencé : elle ne se réserve plus et ne se quitte plus."
    )]
    CoachingSessionStarted,
    #[error("Un étudiant vous est déjà confié sur cette offre : elle ne peut plus être retirée. Écrivez à l'équipe du programme.")]
    OfferHasPairs,
}
