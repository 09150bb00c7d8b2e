//! The signed-in user: sessions (their timeouts and rotation at sign-in) and the role
//! checks every private server function starts with.

use super::context::{db, security};
use super::error::AppError;
use crate::db::now_ms;
use crate::db::sessions::{DEVICE_KEY, USER_ID_KEY};
use crate::domain::account::{CurrentUser, Role, SessionTimeLeft};
use leptos::prelude::use_context;
use std::time::Duration;
use tower_sessions::Session;

const SIGNED_IN_AT_KEY: &str = "signed_in_at";
/// The session key of a failed plain form post's error, until its page is shown.
pub const PENDING_FORM_ERROR_KEY: &str = "form_error";
const SEEN_AT_KEY: &str = "seen_at";
/// An organiser whose password passed, until their one-time code does.
const AWAITING_SECOND_FACTOR_KEY: &str = "awaiting_second_factor";
const AWAITING_SINCE_KEY: &str = "awaiting_since";
/// The secret of an enrolment under way (saved to the account once a code confirms it).
const ENROLMENT_SECRET_KEY: &str = "enrolment_secret";
/// Recovery codes just created, shown once.
const RECOVERY_CODES_KEY: &str = "recovery_codes";
/// How long the code may wait after the password.
const SECOND_FACTOR_DEADLINE: Duration = Duration::from_secs(10 * 60);

async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "session layer missing");
        AppError::Internal
    })
}

/// The signed-in user, if any. Ends the session past its absolute lifetime, and marks
/// activity (which pushes the idle deadline back) at most every few minutes.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    signed_in_user(&session().await?, &security()?, &db()?).await
}

/// [`current_user`] for a handler outside Leptos (a file download), given the request's
/// session and the settings.
pub async fn signed_in_user(
    session: &Session,
    security: &super::context::Security,
    db: &crate::db::Db,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(user_id) = session.get::<i64>(USER_ID_KEY).await.ok().flatten() else {
        return Ok(None);
    };
    let now = now_ms();
    let signed_in_at = session
        .get::<i64>(SIGNED_IN_AT_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or(0);
    let absolute_ms = i64::try_from(security.absolute_timeout.as_millis()).unwrap_or(i64::MAX);
    if now.saturating_sub(signed_in_at) > absolute_ms {
        end_session(session).await;
        return Ok(None);
    }
    let seen_at = session
        .get::<i64>(SEEN_AT_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or(0);
    let refresh_ms = i64::try_from(
        (security.idle_timeout / 4)
            .min(Duration::from_secs(300))
            .as_millis(),
    )
    .unwrap_or(i64::MAX);
    if now.saturating_sub(seen_at) > refresh_ms {
        session
            .insert(SEEN_AT_KEY, now)
            .await
            .map_err(|_| AppError::Unavailable)?;
    }
    let user = crate::db::accounts::current_user(db, user_id).await?;
    if user.is_none() {
        end_session(session).await;
    }
    Ok(user)
}

/// What is left of the signed-in session, if any. Reading it is not activity, so that
/// checking before a warning does not push the end back; with `extend`, it counts as
/// activity first (the warning's "Rester connecté").
pub async fn session_time_left(extend: bool) -> Result<Option<SessionTimeLeft>, AppError> {
    let session = session().await?;
    if session
        .get::<i64>(USER_ID_KEY)
        .await
        .ok()
        .flatten()
        .is_none()
    {
        return Ok(None);
    }
    let now = now_ms();
    if extend {
        session
            .insert(SEEN_AT_KEY, now)
            .await
            .map_err(session_failed)?;
    }
    let read = |key: &'static str| {
        let session = session.clone();
        async move { session.get::<i64>(key).await.ok().flatten().unwrap_or(0) }
    };
    let (seen_at, signed_in_at) = (read(SEEN_AT_KEY).await, read(SIGNED_IN_AT_KEY).await);
    let security = security()?;
    let left = |since: i64, limit: Duration| {
        let elapsed = u64::try_from(now.saturating_sub(since)).unwrap_or(0) / 1000;
        limit.as_secs().saturating_sub(elapsed)
    };
    let time_left = SessionTimeLeft {
        idle_limit_seconds: security.idle_timeout.as_secs(),
        absolute_limit_seconds: security.absolute_timeout.as_secs(),
        idle_seconds: left(seen_at, security.idle_timeout),
        absolute_seconds: left(signed_in_at, security.absolute_timeout),
    };
    // Past its end, the session is closed now, so that the warning saying so is true.
    if time_left.until_end() == 0 {
        end_session(&session).await;
        return Ok(None);
    }
    Ok(Some(time_left))
}

async fn end_session(session: &Session) {
    if let Err(error) = session.flush().await {
        tracing::error!(%error, "session flush");
    }
}

/// The signed-in user, whatever their role.
pub async fn require_user() -> Result<CurrentUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthenticated)
}

/// The signed-in user, who must have `role`.
pub async fn require_role(role: Role) -> Result<CurrentUser, AppError> {
    let user = require_user().await?;
    if user.role == role {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

fn session_failed(error: tower_sessions::session::Error) -> AppError {
    tracing::error!(%error, "session");
    AppError::Unavailable
}

/// Signs `user_id` in: a new session id (no fixation), fresh timestamps, and what the
/// browser says it is (for the account's list of open sessions). An organiser gets here
/// only once their one-time code passed.
pub async fn sign_in(user_id: i64) -> Result<(), AppError> {
    let session = session().await?;
    let failed = session_failed;
    session.cycle_id().await.map_err(failed)?;
    for key in [
        AWAITING_SECOND_FACTOR_KEY,
        AWAITING_SINCE_KEY,
        ENROLMENT_SECRET_KEY,
    ] {
        session.remove_value(key).await.map_err(failed)?;
    }
    let now = now_ms();
    session.insert(USER_ID_KEY, user_id).await.map_err(failed)?;
    session
        .insert(SIGNED_IN_AT_KEY, now)
        .await
        .map_err(failed)?;
    session.insert(SEEN_AT_KEY, now).await.map_err(failed)?;
    let user_agent = use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            let value = parts.headers.get(axum::http::header::USER_AGENT)?;
            value.to_str().ok().map(str::to_string)
        })
        .unwrap_or_default();
    session
        .insert(
            DEVICE_KEY,
            crate::domain::account::device_label(&user_agent),
        )
        .await
        .map_err(failed)?;
    Ok(())
}

/// An organiser's password passed: the session (a new id) waits for their one-time code,
/// signed in to nothing until then.
pub async fn await_second_factor(user_id: i64) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(session_failed)?;
    // Whoever this browser was signed in as before is signed out.
    for key in [USER_ID_KEY, SIGNED_IN_AT_KEY, SEEN_AT_KEY, DEVICE_KEY] {
        session.remove_value(key).await.map_err(session_failed)?;
    }
    session
        .insert(AWAITING_SECOND_FACTOR_KEY, user_id)
        .await
        .map_err(session_failed)?;
    session
        .insert(AWAITING_SINCE_KEY, now_ms())
        .await
        .map_err(session_failed)
}

/// The organiser whose password passed in this session less than ten minutes ago.
pub async fn awaiting_second_factor() -> Result<Option<i64>, AppError> {
    let session = session().await?;
    let since = session.get::<i64>(AWAITING_SINCE_KEY).await.ok().flatten();
    let deadline = i64::try_from(SECOND_FACTOR_DEADLINE.as_millis()).unwrap_or(i64::MAX);
    match since {
        Some(since) if now_ms().saturating_sub(since) <= deadline => Ok(session
            .get::<i64>(AWAITING_SECOND_FACTOR_KEY)
            .await
            .ok()
            .flatten()),
        _ => Ok(None),
    }
}

/// The secret of the enrolment under way in this session, `new_secret()` the first time
/// (the page shows the same one when reloaded).
pub async fn enrolment_secret(new_secret: impl FnOnce() -> String) -> Result<String, AppError> {
    let session = session().await?;
    if let Some(secret) = session
        .get::<String>(ENROLMENT_SECRET_KEY)
        .await
        .ok()
        .flatten()
    {
        return Ok(secret);
    }
    let secret = new_secret();
    session
        .insert(ENROLMENT_SECRET_KEY, &secret)
        .await
        .map_err(session_failed)?;
    Ok(secret)
}

/// The enrolment secret shown to this session, if one was.
pub async fn shown_enrolment_secret() -> Result<Option<String>, AppError> {
    Ok(session()
        .await?
        .get::<String>(ENROLMENT_SECRET_KEY)
        .await
        .ok()
        .flatten())
}

/// Keeps new recovery codes for the page that shows them.
pub async fn keep_recovery_codes(codes: &[String]) -> Result<(), AppError> {
    session()
        .await?
        .insert(RECOVERY_CODES_KEY, codes)
        .await
        .map_err(session_failed)
}

/// The recovery codes kept for showing, removed from the session: shown once.
pub async fn take_recovery_codes() -> Result<Vec<String>, AppError> {
    Ok(session()
        .await?
        .remove::<Vec<String>>(RECOVERY_CODES_KEY)
        .await
        .map_err(session_failed)?
        .unwrap_or_default())
}

/// The id of the caller's session, once it has one (the account page marks it, a
/// password change keeps it).
pub async fn current_session_id() -> Result<Option<String>, AppError> {
    Ok(session().await?.id().map(|id| id.to_string()))
}

pub async fn sign_out() -> Result<(), AppError> {
    end_session(&session().await?).await;
    Ok(())
}

/// Keeps a failed plain form post's error for the page the browser goes back to.
pub async fn keep_pending_form_error(
    pending: &crate::components::form::PendingFormError,
) -> Result<(), AppError> {
    session()
        .await?
        .insert(PENDING_FORM_ERROR_KEY, pending)
        .await
        .map_err(session_failed)
}
