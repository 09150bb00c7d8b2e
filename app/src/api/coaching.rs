//! Coaching sessions of the current edition: ambassadors book one, organisers create
//! them and mark attendance.

use super::error::AppError;
use crate::domain::coaching::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::context::*, super::session::*, crate::db::applications::current_edition,
    crate::db::coaching as store, crate::domain::account::Role,
};

/// The sessions the ambassador can book, and their booking.
#[server(endpoint = "get_coaching")]
pub async fn get_coaching() -> Result<AmbassadorCoaching, AppError> {
    respond(async move {
        let ambassador = require_role(Role::Ambassador).await?;
        let db = db()?;
        let Some(edition) = current_edition(&db).await? else {
            return Ok(AmbassadorCoaching::default());
        };
        let booking = store::booking_of(&db, edition.id, ambassador.id).await?;
        Ok(AmbassadorCoaching {
            edition_name: edition.name,
            sessions: store::sessions(&db, edition.id).await?,
            booked: booking.map(|(session, _)| session),
            attended: booking.and_then(|(_, attended)| attended),
        })
    })
    .await
}

/// Books a session (leaving the one held, until it starts).
#[server(endpoint = "book_coaching_session")]
pub async fn book_coaching_session(session_id: i64) -> Result<(), AppError> {
    respond(async move {
        let ambassador = require_role(Role::Ambassador).await?;
        let edition = edition_in_progress().await?;
        if !store::book(&db()?, edition.id, ambassador.id, session_id).await? {
            return Err(AppError::NotFound);
        }
        redirect("/ambassadeur/coaching?coaching=reservee");
        Ok(())
    })
    .await
}

/// Every session with its bookings, and who is not coached yet.
#[server(endpoint = "get_coaching_sessions")]
pub async fn get_coaching_sessions() -> Result<OrganiserCoaching, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        let db = db()?;
        let Some(edition) = current_edition(&db).await? else {
            return Ok(OrganiserCoaching::default());
        };
        Ok(OrganiserCoaching {
            edition_name: edition.name,
            sessions: store::sessions_with_bookings(&db, edition.id).await?,
            not_coached: store::not_coached(&db, edition.id).await?,
        })
    })
    .await
}

#[server(endpoint = "create_coaching_session")]
pub async fn create_coaching_session(
    #[server(flatten)]
    #[server(default)]
    form: CoachingSessionForm,
) -> Result<(), AppError> {
    respond(async move {
        let organiser = require_role(Role::Organiser).await?;
        let valid = form.validate(crate::db::now_ms())?;
        let edition = edition_in_progress().await?;
        store::create_session(&db()?, organiser.id, edition.id, &valid).await?;
        redirect("/organisation/coaching?coaching=creee");
        Ok(())
    })
    .await
}

/// Marks a booked ambassador `present` or `absent`.
#[server(endpoint = "mark_coaching_attendance")]
pub async fn mark_coaching_attendance(
    session_id: i64,
    ambassador_id: i64,
    #[server(default)] attendance: String,
) -> Result<(), AppError> {
    respond(async move {
        let organiser = require_role(Role::Organiser).await?;
        let attended = crate::domain::form::presence(&attendance)?;
        let edition = edition_in_progress().await?;
        let marked = store::mark_attendance(
            &db()?,
            organiser.id,
            edition.id,
            session_id,
            ambassador_id,
            attended,
        )
        .await?;
        if !marked {
            return Err(AppError::NotFound);
        }
        redirect("/organisation/coaching?coaching=presence");
        Ok(())
    })
    .await
}
