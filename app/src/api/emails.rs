//! The e-mails the platform sends, in French, plain text. Each has an idempotency key
//! that names the event it reports, so that the event is announced once.

use crate::db::outbox::{OutgoingEmail, SECRET};

const SIGNATURE: &str =
    "L'équipe Vis mon job\nCe message est envoyé automatiquement : merci de ne pas y répondre.";

pub fn verification(
    public_url: &str,
    recipient: &str,
    first_name: &str,
    token: &str,
    token_digest: &str,
) -> OutgoingEmail {
    OutgoingEmail {
        secret: Some(token.to_string()),
        idempotency_key: format!("verification:{token_digest}"),
        kind: "verification",
        recipient: recipient.to_string(),
        subject: "Confirmez votre adresse électronique – Vis mon job".into(),
        body_text: format!(
            "Bonjour {first_name},\n\n\
             Vous venez de créer votre compte Vis mon job. Pour le confirmer, ouvrez ce lien \
             (valable 7 jours) :\n\n{public_url}/verification?jeton={SECRET}\n\n\
             Si vous n'êtes pas à l'origine de cette inscription, ignorez ce message : \
             aucun compte ne sera activé.\n\n{SIGNATURE}\n"
        ),
    }
}

pub fn already_registered(
    public_url: &str,
    recipient: &str,
    user_id: i64,
    hour: i64,
) -> OutgoingEmail {
    OutgoingEmail {
        secret: None,
        idempotency_key: format!("compte-existant:{user_id}:{hour}"),
        kind: "compte_existant",
        recipient: recipient.to_string(),
        subject: "Vous avez déjà un compte – Vis mon job".into(),
        body_text: format!(
            "Bonjour,\n\n\
             Quelqu'un, peut-être vous, a voulu créer un compte Vis mon job avec cette adresse. \
             Vous avez déjà un compte : connectez-vous sur {public_url}/connexion.\n\n\
             Mot de passe oublié ? Choisissez-en un nouveau sur {public_url}/mot-de-passe-oublie.\n\n\
             Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\n{SIGNATURE}\n"
        ),
    }
}

pub fn password_reset(
    public_url: &str,
    recipient: &str,
    first_name: &str,
    token: &str,
    token_digest: &str,
) -> OutgoingEmail {
    OutgoingEmail {
        secret: Some(token.to_string()),
        idempotency_key: format!("reinitialisation:{token_digest}"),
        kind: "reinitialisation",
        recipient: recipient.to_string(),
        subject: "Choisissez un nouveau mot de passe – Vis mon job".into(),
        body_text: format!(
            "Bonjour {first_name},\n\n\
             Pour choisir un nouveau mot de passe, ouvrez ce lien dans l'heure (il ne sert \
             qu'une fois) :\n\n{public_url}/reinitialisation?jeton={SECRET}\n\n\
             Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.\n\n\
             {SIGNATURE}\n"
        ),
    }
}

pub fn application_sent(
    public_url: &str,
    recipient: &str,
    first_name: &str,
    edition_name: &str,
    closes_on: &str,
    application_id: i64,
    sent_at: i64,
) -> OutgoingEmail {
    OutgoingEmail {
        secret: None,
        idempotency_key: format!("candidature-envoyee:{application_id}:{sent_at}"),
        kind: "candidature_envoyee",
        recipient: recipient.to_string(),
        subject: format!("Votre candidature est envoyée – {edition_name}"),
        body_text: format!(
            "Bonjour {first_name},\n\n\
             Votre candidature à « {edition_name} » est bien envoyée. Vous pouvez la modifier \
             ou la retirer jusqu'au {} inclus sur {public_url}/candidature.\n\n\
             Nous vous écrirons dès que les binômes seront formés.\n\n{SIGNATURE}\n",
            crate::domain::date::long_fr(closes_on)
        ),
    }
}

pub fn pair_for_student(public_url: &str, a: &crate::db::pairing::Announcement) -> OutgoingEmail {
    OutgoingEmail {
        secret: None,
        idempotency_key: format!("annonce-etudiant:{}:{}", a.pair_id, a.pair_created_at),
        kind: "annonce_etudiant",
        recipient: a.student_email.clone(),
        subject: "Votre binôme Vis mon job".into(),
        body_text: format!(
            "Bonjour {},\n\nVotre journée d'immersion se passera auprès de {} : « {} », {}, {}.\n\n\
             Retrouvez le programme et confirmez votre venue sur {public_url}/candidature.\n\n{SIGNATURE}\n",
            a.student_first_name, a.ambassador_first_name, a.offer_title, a.address, a.place
        ),
    }
}

pub fn pair_for_ambassador(
    public_url: &str,
    a: &crate::db::pairing::Announcement,
) -> OutgoingEmail {
    OutgoingEmail {
        secret: None,
        idempotency_key: format!("annonce-ambassadeur:{}:{}", a.pair_id, a.pair_created_at),
        kind: "annonce_ambassadeur",
        recipient: a.ambassador_email.clone(),
        subject: "Votre binôme Vis mon job".into(),
        body_text: format!(
            "Bonjour {},\n\n{} {} vous accompagnera pour « {} ».\n\n\
             Retrouvez ses coordonnées sur {public_url}/ambassadeur.\n\n{SIGNATURE}\n",
            a.ambassador_first_name, a.student_first_name, a.student_last_name, a.offer_title
        ),
    }
}

/// An organiser published the ambassador's offer; `at` tells one publication from the next.
pub fn offer_published(
    public_url: &str,
    offer: &crate::db::offers::OfferParties,
    at: i64,
) -> OutgoingEmail {
    OutgoingEmail {
        secret: None,
        idempotency_key: format!("offre-publiee:{}:{at}", offer.offer_id),
        kind: "offre_publiee",
        recipient: offer.ambassador_email.clone(),
        subject: "Votre offre est publiée – Vis mon job".into(),
        body_text: format!(
            "Bonjour {},\n\nVotre offre « {} » est validée par l'équipe du programme : les \
             étudiants la voient dès maintenant sur {public_url}/offres/{}.\n\n\
             Vous pouvez encore corriger son texte ; un changement de métier, de lieu, de \
             niveaux ou de places la renverra en validation.\n\n{SIGNATURE}\n",
            offer.ambassador_first_name, offer.title, offer.offer_id
        ),
    }
}

/// An organiser refused the ambassador's offer, with the reason.
pub fn offer_refused(
    public_url: &str,
    offer: &crate::db::offers::OfferParties,
    reason: &str,
    at: i64,
) -> OutgoingEmail {
    OutgoingEmail {
        secret: None,
        idempotency_key: format!("offre-refusee:{}:{at}", offer.offer_id),
        kind: "offre_refusee",
        recipient: offer.ambassador_email.clone(),
        subject: "Votre offre est à revoir – Vis mon job".into(),
        body_text: format!(
            "Bonjour {},\n\nL'équipe du programme n'a pas pu publier votre offre « {} », \
             pour la raison suivante :\n\n{reason}\n\n\
             Modifiez-la puis soumettez-la de nouveau sur {public_url}/ambassadeur/offres/{}.\n\n\
             {SIGNATURE}\n",
            offer.ambassador_first_name, offer.title, offer.offer_id
        ),
    }
}

/// One side declined the pair (or an organiser undid it): the ambassador is told, or
/// the student when the ambassador declined.
pub fn pair_declined(
    public_url: &str,
    p: &crate::db::pairing::Announcement,
    side: crate::domain::pair::PairSide,
    reason: &str,
) -> OutgoingEmail {
    use crate::domain::pair::PairSide;
    let (kind, recipient, first_name, page) = match side {
        PairSide::Ambassador => (
            "binome_decline_etudiant",
            &p.student_email,
            &p.student_first_name,
            "candidature",
        ),
        _ => (
            "binome_decline_ambassadeur",
            &p.ambassador_email,
            &p.ambassador_first_name,
            "ambassadeur",
        ),
    };
    OutgoingEmail {
        secret: None,
        idempotency_key: format!("{kind}:{}:{}", p.pair_id, p.pair_created_at),
        kind,
        recipient: recipient.clone(),
        subject: "Votre binôme Vis mon job est annulé".into(),
        body_text: format!(
            "Bonjour {first_name},\n\nLe binôme de « {} » est annulé par {}, pour cette raison :\n\n{reason}\n\n\
             L'équipe du programme cherche une autre solution ; suivez-la sur {public_url}/{page}.\n\n{SIGNATURE}\n",
            p.offer_title,
            side.label(),
        ),
    }
}

/// An organiser undid the pair: the student is told too.
pub fn pair_undone_for_student(
    public_url: &str,
    p: &crate::db::pairing::Announcement,
    reason: &str,
) -> OutgoingEmail {
    OutgoingEmail {
        secret: None,
        idempotency_key: format!("binome_defait_etudiant:{}:{}", p.pair_id, p.pair_created_at),
        kind: "binome_defait_etudiant",
        recipient: p.student_email.clone(),
        subject: "Votre binôme Vis mon job est annulé".into(),
        body_text: format!(
            "Bonjour {},\n\nL'équipe du programme a annulé votre binôme pour « {} », pour cette raison :\n\n{reason}\n\n\
             Elle vous proposera une autre journée si possible ; suivez-la sur {public_url}/candidature.\n\n{SIGNATURE}\n",
            p.student_first_name, p.offer_title,
        ),
    }
}
