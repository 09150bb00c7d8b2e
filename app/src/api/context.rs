//! The request context every server function reads on the server: the database, the
//! start-up settings, the caller's address, and how an outcome becomes an HTTP answer.

use super::error::AppError;
use crate::db::Db;
use crate::security::rate_limit::{address_block, RateLimits};
use leptos::prelude::*;
use std::time::Duration;

/// Session lifetimes, rate limits and the public address, set once at start-up.
#[derive(Clone, Debug)]
pub struct Security {
    /// A session unused this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, used or not.
    pub absolute_timeout: Duration,
    /// Base of the links in e-mails, e.g. `https://vismonjob.numerique.gouv.fr`.
    pub public_url: String,
    /// Behind a reverse proxy, the client address is the last `X-Forwarded-For` entry.
    pub trust_forwarded_for: bool,
    pub rate_limits: RateLimits,
    /// Where an ambassador's address must be.
    pub ambassador_domains: crate::domain::account::ProfessionalDomains,
}

/// A value the server provides to every request through Leptos context; missing only
/// if the server was wired wrongly.
fn provided<T: Clone + 'static>(what: &'static str) -> Result<T, AppError> {
    use_context::<T>().ok_or_else(|| {
        tracing::error!(what, "missing from the request context");
        AppError::Internal
    })
}

/// The database pool.
pub fn db() -> Result<Db, AppError> {
    provided("database pool")
}

pub fn security() -> Result<Security, AppError> {
    provided("security settings")
}

pub fn pairing_jobs() -> Result<super::pairing_jobs::PairingJobs, AppError> {
    provided("pairing jobs")
}

/// The edition in progress (see [`crate::db::applications::current_edition`]), or the
/// refusal that there is none.
pub async fn edition_in_progress(
) -> Result<crate::db::applications::EditionForApplications, AppError> {
    Ok(crate::db::applications::current_edition(&db()?)
        .await?
        .ok_or(crate::domain::refusal::Refusal::NoEditionInProgress)?)
}

fn request_parts() -> Option<axum::http::request::Parts> {
    use_context::<axum::http::request::Parts>()
}

/// Marks the response as 404 (the page still renders its own message).
pub fn set_not_found() {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
}

/// Who is waiting for a server function's outcome.
enum Caller {
    /// A browser opening a page (server rendering): the path and query it asked for.
    PageView(String),
    /// A plain HTML form post (no JavaScript): answered with a redirect, whatever the
    /// outcome.
    PlainFormPost,
    /// The page's script, through `fetch`.
    Script,
}

fn caller() -> Caller {
    let Some(parts) = request_parts() else {
        return Caller::Script;
    };
    let path = parts.uri.path();
    if parts.method == axum::http::Method::GET && !path.starts_with("/api/") {
        return Caller::PageView(
            parts
                .uri
                .path_and_query()
                .map_or(path, |p| p.as_str())
                .to_string(),
        );
    }
    let accepts_html = parts
        .headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if accepts_html {
        Caller::PlainFormPost
    } else {
        Caller::Script
    }
}

/// Runs a server function body and gives the response the status of its error (401,
/// 403, 422…): a page opened without a session answers the sign-in page instead
/// (303, back to the page afterwards); a plain form post keeps its redirect.
pub async fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = body.await;
    if let Err(error) = &result {
        answer_failure(error);
        // Only a refused form carries what was typed; other errors may ride in the URL.
        if matches!(caller(), Caller::PlainFormPost) && matches!(error, AppError::Invalid(_)) {
            keep_for_the_page(error).await;
        }
    }
    result
}

/// A failed plain form post goes back to its page (the `Referer`) with its error kept in
/// the session, not in the URL where Leptos would put it (`__err`): the error carries
/// what was typed. The page's query stays as it was.
async fn keep_for_the_page(error: &AppError) {
    use base64::Engine;
    use leptos::server_fn::error::FromServerFnError;
    let (Some(parts), Some(response)) = (
        request_parts(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let Some(back) = parts
        .headers
        .get(axum::http::header::REFERER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| url::Url::parse(value).ok())
    else {
        return;
    };
    let pending = crate::components::form::PendingFormError {
        page: back.path().to_string(),
        function: parts.uri.path().to_string(),
        error: base64::engine::general_purpose::URL_SAFE.encode(error.ser()),
    };
    if super::session::keep_pending_form_error(&pending)
        .await
        .is_err()
    {
        return;
    }
    let kept: Vec<(String, String)> = back
        .query_pairs()
        .filter(|(key, _)| key != "__err" && key != "__path")
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    let mut location = back.path().to_string();
    if !kept.is_empty() {
        location.push('?');
        location.push_str(
            &url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(kept)
                .finish(),
        );
    }
    if let Ok(value) = axum::http::HeaderValue::from_str(&location) {
        response.insert_header(axum::http::header::LOCATION, value);
    }
}

/// The answer to a failed call: its HTTP status for a script, the sign-in page for a
/// page view that needs an account; a plain form post is redirected back whatever
/// happened (the page shows the error).
pub fn answer_failure(error: &AppError) {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    match (caller(), error) {
        (Caller::PageView(page), AppError::Unauthenticated) => {
            let target = crate::domain::account::sign_in_link(&page);
            if let Ok(location) = axum::http::HeaderValue::from_str(&target) {
                response.set_status(axum::http::StatusCode::SEE_OTHER);
                response.insert_header(axum::http::header::LOCATION, location);
            }
        }
        (Caller::PlainFormPost, _) => {}
        (_, error) => {
            if let Ok(status) = axum::http::StatusCode::from_u16(error.status()) {
                response.set_status(status);
            }
        }
    }
    if let AppError::RateLimited { minutes } = error {
        if let Ok(value) = axum::http::HeaderValue::from_str(&(minutes * 60).to_string()) {
            response.insert_header(axum::http::header::RETRY_AFTER, value);
        }
    }
}

/// Sends the browser to `path` after the server function (a 302 for a plain form post).
pub fn redirect(path: &str) {
    leptos_axum::redirect(path);
}

/// The caller's address, for rate limits.
pub fn client_address() -> String {
    let Some(parts) = request_parts() else {
        return "inconnue".into();
    };
    let forwarded = security()
        .ok()
        .filter(|s| s.trust_forwarded_for)
        .and_then(|_| {
            parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .map(|v| v.trim().to_string())
        });
    forwarded
        .or_else(|| {
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip().to_string())
        })
        .unwrap_or_else(|| "inconnue".into())
}

/// Counts one attempt of `action` by the caller's address block (an IPv6 /64) and,
/// when given, for one e-mail address (counted by its digest); refuses beyond the
/// limits. The first refusal of a window is a security event (the address is kept, the
/// e-mail address is not).
pub async fn limit_rate(action: &'static str, email: Option<&str>) -> Result<(), AppError> {
    let security = security()?;
    let db = db()?;
    let limits = security.rate_limits;
    let window_ms = i64::try_from(limits.window.as_millis()).unwrap_or(i64::MAX);
    let now = crate::db::now_ms();
    let address = client_address();
    let block = address
        .parse()
        .map_or_else(|_| address.clone(), address_block);
    let hit = |subject: String, limit: u32| {
        let db = db.clone();
        async move { crate::db::rate_limits::hit(&db, action, &subject, limit, window_ms, now).await }
    };
    let mut outcome = hit(format!("ip:{block}"), limits.per_address)
        .await?
        .map_err(|limited| (limited, "adresse_ip"));
    if let (Ok(()), Some(email)) = (outcome, email) {
        let digest = crate::security::tokens::token_digest(email);
        outcome = hit(format!("email:{digest}"), limits.per_email)
            .await?
            .map_err(|limited| (limited, "adresse_electronique"));
    }
    let Err((limited, counted_by)) = outcome else {
        return Ok(());
    };
    if limited.first {
        security_event(
            "limite_atteinte",
            None,
            None,
            serde_json::json!({ "action": action, "par": counted_by, "adresse_ip": address }),
        )
        .await;
    } else {
        tracing::debug!(target: "securite", action, counted_by, "attempt refused again");
    }
    Err(AppError::RateLimited {
        minutes: limited.minutes,
    })
}

/// The server's log line of a security event; [`security_event`] writes it, and so do the
/// functions whose event the data layer audits in the change's own transaction.
pub fn log_security_event(
    action: &'static str,
    actor: Option<i64>,
    subject: Option<i64>,
    details: &serde_json::Value,
) {
    tracing::info!(target: "securite", action, actor, subject, %details, "security event");
}

/// Writes a security event (sign-in, sign-out, a limit reached…) to the audit log and to
/// the server's log: `actor` did it, about the account `subject`; `details` never holds a
/// secret nor what the person typed. A failure to write it is logged, never answered:
/// signing in or out must not depend on it.
pub async fn security_event(
    action: &'static str,
    actor: Option<i64>,
    subject: Option<i64>,
    details: serde_json::Value,
) {
    log_security_event(action, actor, subject, &details);
    let entity_id = subject.map(|id| id.to_string()).unwrap_or_default();
    let written = match db() {
        Ok(db) => crate::db::audit::record_event(&db, actor, action, &entity_id, &details)
            .await
            .map_err(|error| error.to_string()),
        Err(error) => Err(error.to_string()),
    };
    if let Err(error) = written {
        tracing::error!(target: "securite", action, %error, "security event not recorded");
    }
}
