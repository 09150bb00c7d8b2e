//! An announced pair, for its student and its ambassador: confirm or decline, then
//! attendance and feedback; and for organisers, undoing a pair. Each function checks
//! that the pair is the caller's (else 404).

use super::error::AppError;
use crate::domain::pair::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::context::*, super::session::*, crate::db::applications::current_edition,
    crate::db::pairs as store, crate::domain::account::Role,
};

/// The caller and their side of a pair: students and ambassadors only.
#[cfg(feature = "ssr")]
async fn side() -> Result<(i64, PairSide), AppError> {
    let user = require_user().await?;
    match user.role {
        Role::Student => Ok((user.id, PairSide::Student)),
        Role::Ambassador => Ok((user.id, PairSide::Ambassador)),
        Role::Organiser => Err(AppError::Forbidden),
    }
}

/// The caller, their side, and the current edition.
#[cfg(feature = "ssr")]
async fn side_and_edition() -> Result<(i64, PairSide, i64), AppError> {
    let (user, side) = side().await?;
    let edition = edition_in_progress().await?;
    Ok((user, side, edition.id))
}

/// Where each side's pairs are shown.
#[cfg(feature = "ssr")]
fn page_of(side: PairSide) -> &'static str {
    match side {
        PairSide::Student => "/candidature",
        _ => "/ambassadeur",
    }
}

/// The caller's announced pairs (a student has one at most).
#[server(endpoint = "get_my_pairs")]
pub async fn get_my_pairs() -> Result<Vec<PairView>, AppError> {
    respond(async move {
        let (user, side) = side().await?;
        let db = db()?;
        let Some(edition) = current_edition(&db).await? else {
            return Ok(Vec::new());
        };
        Ok(store::pairs_of(&db, edition.id, side, user).await?)
    })
    .await
}

#[server(endpoint = "confirm_pair")]
pub async fn confirm_pair(pair_id: i64) -> Result<(), AppError> {
    respond(async move {
        let (user, side, edition) = side_and_edition().await?;
        if !store::confirm(&db()?, edition, side, user, pair_id).await? {
            return Err(AppError::NotFound);
        }
        redirect(&format!("{}?binome=confirme", page_of(side)));
        Ok(())
    })
    .await
}

/// Declines the pair with the reason the other side will read.
#[server(endpoint = "decline_pair")]
pub async fn decline_pair(pair_id: i64, #[server(default)] reason: String) -> Result<(), AppError> {
    respond(async move {
        let (user, side, edition) = side_and_edition().await?;
        let reason = decline_reason(&reason)?;
        let url = security()?.public_url;
        let found = store::decline(&db()?, edition, side, user, pair_id, &reason, |parties| {
            vec![super::emails::pair_declined(&url, parties, side, &reason)]
        })
        .await?;
        if !found {
            return Err(AppError::NotFound);
        }
        redirect(&format!("{}?binome=decline", page_of(side)));
        Ok(())
    })
    .await
}

/// The ambassador marks the student `present` or `absent`.
#[server(endpoint = "mark_pair_attendance")]
pub async fn mark_pair_attendance(
    pair_id: i64,
    #[server(default)] attendance: String,
) -> Result<(), AppError> {
    respond(async move {
        let ambassador = require_role(Role::Ambassador).await?;
        let attended = crate::domain::form::presence(&attendance)?;
        let edition = edition_in_progress().await?;
        if !store::mark_attendance(&db()?, edition.id, ambassador.id, pair_id, attended).await? {
            return Err(AppError::NotFound);
        }
        redirect("/ambassadeur?binome=presence");
        Ok(())
    })
    .await
}

#[server(endpoint = "give_pair_feedback")]
pub async fn give_pair_feedback(
    pair_id: i64,
    #[server(flatten)]
    #[server(default)]
    form: FeedbackForm,
) -> Result<(), AppError> {
    respond(async move {
        let (user, side, edition) = side_and_edition().await?;
        let (rating, comment) = form.validate()?;
        if !store::give_feedback(&db()?, edition, side, user, pair_id, rating, &comment).await? {
            return Err(AppError::NotFound);
        }
        redirect(&format!("{}?binome=avis", page_of(side)));
        Ok(())
    })
    .await
}

/// An organiser undoes an announced pair (both sides told why); the student can then be
/// placed again by hand.
#[server(endpoint = "unpair")]
pub async fn unpair(pair_id: i64, #[server(default)] reason: String) -> Result<(), AppError> {
    respond(async move {
        let organiser = require_role(Role::Organiser).await?;
        let reason = decline_reason(&reason)?;
        let edition = edition_in_progress().await?;
        let url = security()?.public_url;
        let found = store::decline(
            &db()?,
            edition.id,
            PairSide::Organiser,
            organiser.id,
            pair_id,
            &reason,
            |parties| {
                vec![
                    super::emails::pair_declined(&url, parties, PairSide::Organiser, &reason),
                    super::emails::pair_undone_for_student(&url, parties, &reason),
                ]
            },
        )
        .await?;
        if !found {
            return Err(AppError::NotFound);
        }
        redirect("/organisation/binomes?binome=defait");
        Ok(())
    })
    .await
}
