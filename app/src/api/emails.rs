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
        invitation: None,
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
        invitation: None,
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
        invitation: None,
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
        invitation: None,
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
        invitation: None,
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
        invitation: None,
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
        invitation: None,
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
        invitation: None,
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
        invitation: None,
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
        invitation: None,
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

/// The programme of the day as the reminder lists it.
fn programme_lines(programme: &[crate::domain::catalogue::ProgrammeItem]) -> String {
    if programme.is_empty() {
        return "Le programme vous sera précisé sur place.".into();
    }
    programme
        .iter()
        .map(|item| match item.details.trim() {
            "" => format!("{} – {}", item.starts_at, item.title),
            details => format!("{} – {} : {details}", item.starts_at, item.title),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The day before the immersion (or its morning, after a downtime): where, when and what,
/// with an invitation for the calendar. `side` is who receives it (student or ambassador).
pub fn day_reminder(
    public_url: &str,
    day: &crate::db::calendar::DayAhead,
    side: crate::domain::pair::PairSide,
    stamp_ms: i64,
) -> OutgoingEmail {
    use crate::domain::pair::PairSide;
    let p = &day.pair;
    let date = crate::domain::date::long_fr(&p.immersion_on);
    let first_time = day.programme.first().map(|item| item.starts_at.as_str());
    let (kind, recipient, first_name, page, whom) = match side {
        PairSide::Ambassador => (
            "rappel_ambassadeur",
            &p.ambassador_email,
            &p.ambassador_first_name,
            "ambassadeur",
            format!(
                "{} {}, qui vous accompagnera",
                p.student_first_name, p.student_last_name
            ),
        ),
        _ => (
            "rappel_etudiant",
            &p.student_email,
            &p.student_first_name,
            "candidature",
            format!("{}, qui vous accueillera", p.ambassador_first_name),
        ),
    };
    let invitation = crate::domain::invitation::Invitation {
        uid: format!("binome-{}-{}@vismonjob", p.pair_id, p.pair_created_at),
        day: crate::domain::date::Date::parse(&p.immersion_on)
            .unwrap_or_else(|| crate::domain::date::Date::paris_from_unix_ms(stamp_ms)),
        times: day
            .programme
            .iter()
            .map(|item| item.starts_at.clone())
            .collect(),
        summary: format!("Journée d'immersion Vis mon job – {}", p.offer_title),
        location: format!("{}, {}", p.address, p.place),
        description: programme_lines(&day.programme),
        stamp_ms,
    };
    OutgoingEmail {
        idempotency_key: format!("{kind}:{}:{}", p.pair_id, p.pair_created_at),
        kind,
        recipient: recipient.clone(),
        subject: format!("C'est bientôt : votre journée d'immersion du {date}"),
        body_text: format!(
            "Bonjour {first_name},\n\nVotre journée « {} » a lieu le {date}, avec {whom}.\n\n\
             Adresse : {}, {}\nArrivée : {}\n\nProgramme :\n{}\n\n\
             L'invitation jointe l'ajoute à votre agenda. Un empêchement ? Dites-le au plus tôt \
             sur {public_url}/{page}.\n\n{SIGNATURE}\n",
            p.offer_title,
            p.address,
            p.place,
            first_time.unwrap_or("9:00, sauf autre indication"),
            programme_lines(&day.programme),
        ),
        invitation: Some(invitation.to_ics()),
        secret: None,
    }
}

/// The day after the immersion: a word on how it went, from each side that has not said.
pub fn feedback_request(
    public_url: &str,
    p: &crate::db::pairing::Announcement,
    side: crate::domain::pair::PairSide,
) -> OutgoingEmail {
    use crate::domain::pair::PairSide;
    let (kind, recipient, first_name, page) = match side {
        PairSide::Ambassador => (
            "retour_ambassadeur",
            &p.ambassador_email,
            &p.ambassador_first_name,
            "ambassadeur",
        ),
        _ => (
            "retour_etudiant",
            &p.student_email,
            &p.student_first_name,
            "candidature",
        ),
    };
    OutgoingEmail {
        idempotency_key: format!("{kind}:{}:{}", p.pair_id, p.pair_created_at),
        kind,
        recipient: recipient.clone(),
        subject: "Comment s'est passée votre journée ? – Vis mon job".into(),
        body_text: format!(
            "Bonjour {first_name},\n\nMerci d'avoir participé à la journée « {} ». \
             Votre avis aide l'équipe du programme à améliorer les prochaines éditions : \
             donnez-le en deux minutes (une note et, si vous le souhaitez, un commentaire) \
             sur {public_url}/{page}.\n\n{SIGNATURE}\n",
            p.offer_title
        ),
        invitation: None,
        secret: None,
    }
}

/// One week before the day, to an ambassador who booked no coaching session.
pub fn coaching_reminder(
    public_url: &str,
    a: &crate::db::calendar::WithoutCoaching,
) -> OutgoingEmail {
    OutgoingEmail {
        idempotency_key: format!("rappel-coaching:{}:{}", a.edition_id, a.ambassador_id),
        kind: "rappel_coaching",
        recipient: a.email.clone(),
        subject: "Préparez votre journée : inscrivez-vous à un coaching – Vis mon job".into(),
        body_text: format!(
            "Bonjour {},\n\nVotre journée d'accueil de « {} » approche : elle a lieu le {}. \
             Une séance de coaching d'une heure vous aide à la préparer (programme, accueil, \
             démarches d'accès) ; vous n'êtes inscrit à aucune pour l'instant.\n\n\
             Choisissez une séance sur {public_url}/ambassadeur/coaching.\n\n{SIGNATURE}\n",
            a.first_name,
            a.edition_name,
            crate::domain::date::long_fr(&a.immersion_on)
        ),
        invitation: None,
        secret: None,
    }
}

/// At the announcement, to a student the pairing could not place.
pub fn unpaired_student(public_url: &str, s: &crate::db::pairing::Unpaired) -> OutgoingEmail {
    OutgoingEmail {
        idempotency_key: format!("sans-binome:{}:{}", s.edition_id, s.student_id),
        kind: "sans_binome",
        recipient: s.email.clone(),
        subject: format!("Votre candidature à « {} »", s.edition_name),
        body_text: format!(
            "Bonjour {},\n\nLes binômes de « {} » sont annoncés. Nous n'avons pas pu vous \
             proposer de journée cette fois-ci : les places, près de chez vous et dans les \
             métiers que vous avez choisis, n'ont pas suffi pour toutes les candidatures. \
             Nous en sommes désolés, et votre intérêt pour le numérique public compte.\n\n\
             Si une place se libère, l'équipe du programme vous écrira. Vous pourrez aussi \
             candidater à la prochaine édition sur {public_url}/offres.\n\n{SIGNATURE}\n",
            s.first_name, s.edition_name
        ),
        invitation: None,
        secret: None,
    }
}

/// Every template, filled with made-up people, by the same functions that write the real
/// messages.
pub fn previews(public_url: &str, now: i64) -> Vec<crate::domain::email::EmailPreview> {
    use crate::domain::pair::PairSide;
    let today = crate::domain::date::Date::paris_from_unix_ms(now);
    let pair = crate::db::pairing::Announcement {
        pair_id: 1,
        pair_created_at: now,
        student_id: 1,
        student_email: "camille.martin@exemple.fr".into(),
        student_first_name: "Camille".into(),
        student_last_name: "Martin".into(),
        ambassador_id: 2,
        ambassador_email: "sacha.bernard@exemple.gouv.fr".into(),
        ambassador_first_name: "Sacha".into(),
        offer_id: 1,
        offer_title: "Une journée avec l'équipe données".into(),
        address: "20 avenue de Ségur".into(),
        place: "Paris".into(),
        edition_name: "Vis mon job 2027".into(),
        immersion_on: today.add_days(1).to_string(),
    };
    let day = crate::db::calendar::DayAhead {
        pair: pair.clone(),
        programme: vec![
            crate::domain::catalogue::ProgrammeItem {
                starts_at: "09:30".into(),
                title: "Accueil et présentation de l'équipe".into(),
                details: String::new(),
            },
            crate::domain::catalogue::ProgrammeItem {
                starts_at: "14:00".into(),
                title: "Atelier".into(),
                details: "Un tableau de bord de bout en bout".into(),
            },
        ],
    };
    let offer = crate::db::offers::OfferParties {
        offer_id: 1,
        title: pair.offer_title.clone(),
        ambassador_email: pair.ambassador_email.clone(),
        ambassador_first_name: pair.ambassador_first_name.clone(),
    };
    let without_coaching = crate::db::calendar::WithoutCoaching {
        offer_id: 1,
        edition_id: 1,
        ambassador_id: 2,
        email: pair.ambassador_email.clone(),
        first_name: pair.ambassador_first_name.clone(),
        edition_name: pair.edition_name.clone(),
        immersion_on: today.add_days(7).to_string(),
    };
    let unpaired = crate::db::pairing::Unpaired {
        edition_id: 1,
        student_id: 3,
        email: "lou.petit@exemple.fr".into(),
        first_name: "Lou".into(),
        edition_name: pair.edition_name.clone(),
    };
    let token = "exemple-de-jeton";
    let reason = "L'adresse du lieu d'accueil manque.";
    [
        (
            "À l'inscription",
            verification(public_url, &pair.student_email, "Camille", token, token),
        ),
        (
            "À une inscription avec une adresse déjà connue",
            already_registered(public_url, &pair.student_email, 1, 0),
        ),
        (
            "À une demande de nouveau mot de passe",
            password_reset(public_url, &pair.student_email, "Camille", token, token),
        ),
        (
            "À l'envoi d'une candidature",
            application_sent(
                public_url,
                &pair.student_email,
                "Camille",
                &pair.edition_name,
                &today.add_days(14).to_string(),
                1,
                now,
            ),
        ),
        (
            "À la validation d'une offre",
            offer_published(public_url, &offer, now),
        ),
        (
            "Au refus d'une offre, avec la raison",
            offer_refused(public_url, &offer, reason, now),
        ),
        (
            "À l'annonce des binômes (étudiant)",
            pair_for_student(public_url, &pair),
        ),
        (
            "À l'annonce des binômes (ambassadeur)",
            pair_for_ambassador(public_url, &pair),
        ),
        (
            "À l'annonce des binômes, à un étudiant sans binôme",
            unpaired_student(public_url, &unpaired),
        ),
        (
            "Une semaine avant la journée, à un ambassadeur sans coaching",
            coaching_reminder(public_url, &without_coaching),
        ),
        (
            "La veille de la journée (étudiant)",
            day_reminder(public_url, &day, PairSide::Student, now),
        ),
        (
            "La veille de la journée (ambassadeur)",
            day_reminder(public_url, &day, PairSide::Ambassador, now),
        ),
        (
            "Le lendemain de la journée (étudiant)",
            feedback_request(public_url, &pair, PairSide::Student),
        ),
        (
            "Le lendemain de la journée (ambassadeur)",
            feedback_request(public_url, &pair, PairSide::Ambassador),
        ),
        (
            "Quand l'ambassadeur décline le binôme (à l'étudiant)",
            pair_declined(public_url, &pair, PairSide::Ambassador, reason),
        ),
        (
            "Quand l'étudiant décline le binôme (à l'ambassadeur)",
            pair_declined(public_url, &pair, PairSide::Student, reason),
        ),
        (
            "Quand l'équipe défait le binôme (à l'étudiant)",
            pair_undone_for_student(public_url, &pair, reason),
        ),
    ]
    .into_iter()
    .map(|(occasion, email)| crate::domain::email::EmailPreview {
        kind: email.kind.to_string(),
        occasion: occasion.to_string(),
        subject: email.subject,
        // The example token in its place, as the person would read it.
        body_text: match &email.secret {
            Some(secret) => email.body_text.replace(SECRET, secret),
            None => email.body_text,
        },
        invitation: email.invitation,
    })
    .collect()
}
