//! The HTTP surface: Leptos pages and server functions, static files, health check.

use crate::Config;
use app::api::context::Security;
use app::db::sessions::DbSessionStore;
use app::db::Db;
use app::{shell, App};
use axum::extract::{FromRef, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::{time, SameSite};
use tower_sessions::{Expiry, SessionManagerLayer};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "vismonjob_session";

/// Largest request body accepted (forms and server-function calls are small).
const BODY_LIMIT_BYTES: usize = 64 * 1024;

#[derive(Clone)]
struct AppState {
    leptos_options: LeptosOptions,
    db: Db,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for Db {
    fn from_ref(state: &AppState) -> Self {
        state.db.clone()
    }
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(db): State<Db>) -> impl IntoResponse {
    if db.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "base de données indisponible",
        )
    }
}

/// Refuses a state-changing request sent by another site's page: browsers name the page's
/// origin in `Origin` on every POST. Requests without it (command-line clients) pass:
/// they carry no victim's cookies.
async fn check_origin(
    State(allowed): State<std::sync::Arc<Vec<String>>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe {
        if let Some(origin) = request.headers().get(header::ORIGIN) {
            let origin = origin.to_str().unwrap_or_default();
            let host = request
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or_default();
            let same_host = origin
                .split_once("://")
                .is_some_and(|(_, rest)| !host.is_empty() && rest == host);
            if !same_host && !allowed.iter().any(|a| a == origin) {
                return (
                    StatusCode::FORBIDDEN,
                    "Requête refusée : elle ne vient pas d'une page de Vis mon job.",
                )
                    .into_response();
            }
        }
    }
    next.run(request).await
}

/// How long a browser may keep a response without asking again: a year for the files
/// whose names carry their content's hash (release builds), a week for the DSFR's fonts
/// and icons, and nothing for pages (they may change with every request).
async fn cache_control(
    State(hashed_names): State<bool>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path();
    let policy = if hashed_names && path.starts_with("/pkg/") {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("/dsfr/") {
        "public, max-age=604800"
    } else {
        "no-cache"
    };
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
    response
}

/// Hands the error a failed plain form post left in the session to the page the browser
/// comes back to, once (see `app::api::context::respond`); the app gives it to the
/// page's form.
async fn hand_over_form_error(
    session: tower_sessions::Session,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use app::api::session::PENDING_FORM_ERROR_KEY;
    use app::components::form::PendingFormError;
    let page_view = request.method() == axum::http::Method::GET
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains("text/html"));
    if page_view {
        if let Ok(Some(pending)) = session
            .get::<PendingFormError>(PENDING_FORM_ERROR_KEY)
            .await
        {
            if pending.page == request.uri().path() {
                if let Err(error) = session.remove_value(PENDING_FORM_ERROR_KEY).await {
                    tracing::error!(%error, "session");
                }
                request.extensions_mut().insert(pending);
            }
        }
    }
    next.run(request).await
}

pub fn build_router(db: Db, config: &Config) -> Router {
    let leptos_options = config.leptos_options();
    let security: Security = config.security();
    let pairing_jobs = app::api::pairing_jobs::PairingJobs::new(
        config.pairing_wait,
        config.pairing_runs_per_process,
    );
    let routes = generate_route_list(App);
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db: db.clone(),
    };
    let context_db = db.clone();
    let sessions = SessionManagerLayer::new(DbSessionStore::new(db.clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(
            time::Duration::try_from(config.session_idle).unwrap_or(time::Duration::hours(2)),
        ));
    let origins = std::sync::Arc::new(config.allowed_origins());
    Router::<AppState>::new()
        .route("/healthz", get(healthz))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(context_db.clone());
                provide_context(security.clone());
                provide_context(pairing_jobs.clone());
                app::set_content_security_policy();
            },
            {
                let options = leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(hand_over_form_error))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(origins, check_origin))
        .layer(axum::middleware::from_fn_with_state(
            leptos_options.hash_files,
            cache_control,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
