//! The HTTP surface: Leptos pages and server functions, static files, health check.

use crate::live::LiveStatistics;
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
    security: Security,
    live: LiveStatistics,
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
/// and icons, nothing for pages (they may change with every request), and not even a
/// copy for what may show personal data: server-function answers, and every page seen
/// with a session (its header names the person).
async fn cache_control(
    State(hashed_names): State<bool>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path();
    let signed_in = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|cookies| cookies.contains(&format!("{SESSION_COOKIE}=")));
    let policy = if hashed_names && path.starts_with("/pkg/") {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("/dsfr/") {
        "public, max-age=604800"
    } else if signed_in || path.starts_with("/api/") {
        "no-store"
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

/// Answers only for the site's own names (`PUBLIC_URL`, the listen address, and
/// `localhost` when it listens on loopback): a request naming another host is refused,
/// so that no page or link is built for a name the site does not own. The health check
/// answers whatever the name (probes use an address).
async fn check_host(
    State(allowed): State<std::sync::Arc<Vec<String>>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase)
        .or_else(|| {
            request
                .uri()
                .authority()
                .map(|a| a.as_str().to_ascii_lowercase())
        });
    let known = host.is_some_and(|host| allowed.contains(&host));
    if !known && request.uri().path() != "/healthz" {
        return (
            StatusCode::MISDIRECTED_REQUEST,
            "Requête refusée : ce nom de site n'est pas celui de Vis mon job.",
        )
            .into_response();
    }
    next.run(request).await
}

/// Tells browsers to come back over HTTPS only, when the site is served over it.
async fn strict_transport(
    State(https): State<bool>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut response = next.run(request).await;
    if https {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    response
}

/// "Download my data" (`/compte/mes-donnees.json`): everything held about the signed-in
/// account, as a file to keep (the right of access). A plain link, with or without
/// JavaScript; a visitor is sent to sign in first.
async fn my_data(
    session: tower_sessions::Session,
    db: Db,
    security: Security,
) -> axum::response::Response {
    const PATH: &str = "/compte/mes-donnees.json";
    let failed = |error: app::api::AppError| {
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, error.to_string()).into_response()
    };
    let user = match app::api::session::signed_in_user(&session, &security, &db).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            return axum::response::Redirect::to(&app::domain::account::sign_in_link(PATH))
                .into_response()
        }
        Err(error) => return failed(error),
    };
    let exported = app::db::personal_data::export(&db, user.id).await;
    let id = Some(user.id);
    app::api::context::log_security_event("donnees_telechargees", id, id, &serde_json::json!({}));
    let recorded = app::db::audit::record_event(
        &db,
        Some(user.id),
        "donnees_telechargees",
        &user.id.to_string(),
        &serde_json::json!({}),
    )
    .await;
    match (exported, recorded) {
        (Ok(data), Ok(())) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"vismonjob-mes-donnees.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        (Err(error), _) | (_, Err(error)) => failed(error.into()),
    }
}

/// The signed-in organiser of a request outside Leptos, or the answer to give instead.
async fn signed_in_organiser(
    session: &tower_sessions::Session,
    state: &AppState,
) -> Result<app::domain::account::CurrentUser, axum::response::Response> {
    use app::api::AppError;
    use app::domain::account::Role;
    let refused = |status: StatusCode, error: AppError| (status, error.to_string()).into_response();
    match app::api::session::signed_in_user(session, &state.security, &state.db).await {
        Ok(Some(user)) if user.role == Role::Organiser => Ok(user),
        Ok(Some(_)) => Err(refused(StatusCode::FORBIDDEN, AppError::Forbidden)),
        Ok(None) => Err(refused(StatusCode::UNAUTHORIZED, AppError::Unauthenticated)),
        Err(error) => Err(refused(StatusCode::SERVICE_UNAVAILABLE, error)),
    }
}

#[derive(serde::Deserialize)]
struct EditionQuery {
    edition: i64,
}

/// `/organisation/exports/<export>.csv?edition=N`: one of the organisers' CSV files
/// (`crate::exports`). Each download is written to the audit log.
async fn csv_export(
    session: tower_sessions::Session,
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
    axum::extract::Query(query): axum::extract::Query<EditionQuery>,
) -> axum::response::Response {
    use app::domain::export::Export;
    let user = match signed_in_organiser(&session, &state).await {
        Ok(user) => user,
        Err(refused) => return refused,
    };
    let not_found = || {
        (
            StatusCode::NOT_FOUND,
            app::api::AppError::NotFound.to_string(),
        )
            .into_response()
    };
    let Some(export) = file.strip_suffix(".csv").and_then(Export::parse) else {
        return not_found();
    };
    match app::db::editions::get(&state.db, query.edition).await {
        Ok(Some(_)) => {}
        Ok(None) => return not_found(),
        Err(error) => {
            tracing::error!(%error, "export");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                app::api::AppError::Unavailable.to_string(),
            )
                .into_response();
        }
    }
    let details = serde_json::json!({ "export": export.slug() });
    app::api::context::log_security_event("export_csv", Some(user.id), None, &details);
    if let Err(error) = app::db::audit::record_edition_event(
        &state.db,
        user.id,
        "export_csv",
        query.edition,
        &details,
    )
    .await
    {
        tracing::error!(%error, "export not audited");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            app::api::AppError::Unavailable.to_string(),
        )
            .into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"vismonjob-{}-edition-{}.csv\"",
                    export.slug(),
                    query.edition
                ),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        crate::exports::body(state.db.clone(), export, query.edition),
    )
        .into_response()
}

/// How often an open event stream checks that its caller's session is still open.
const STREAM_SESSION_CHECK: std::time::Duration = std::time::Duration::from_secs(30);

/// `/organisation/statistiques/direct?edition=N`: the edition's figures as Server-Sent
/// Events (`statistiques`, the figures as JSON), the current ones first, then after each
/// change. Organisers only; the stream ends when their session does, or the server stops.
async fn live_statistics(
    session: tower_sessions::Session,
    State(state): State<AppState>,
    axum::extract::Query(query): axum::extract::Query<EditionQuery>,
) -> axum::response::Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let user = match signed_in_organiser(&session, &state).await {
        Ok(user) => user,
        Err(refused) => return refused,
    };
    let (Some(session_id), Ok(Some(_))) = (
        session.id(),
        app::db::editions::get(&state.db, query.edition).await,
    ) else {
        return (
            StatusCode::NOT_FOUND,
            app::api::AppError::NotFound.to_string(),
        )
            .into_response();
    };
    struct Follower {
        figures: tokio::sync::watch::Receiver<crate::live::Figures>,
        closed: tokio::sync::watch::Receiver<bool>,
        session_check: tokio::time::Interval,
        first: bool,
        db: Db,
        session_id: String,
        user_id: i64,
    }
    let mut session_check = tokio::time::interval(STREAM_SESSION_CHECK);
    session_check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let follower = Follower {
        figures: state.live.watch(query.edition),
        closed: state.live.closed(),
        session_check,
        first: true,
        db: state.db.clone(),
        session_id: session_id.to_string(),
        user_id: user.id,
    };
    let events = futures_util::stream::unfold(follower, |mut f| async move {
        loop {
            // The figures of the moment first (when already read), then each change.
            if !std::mem::take(&mut f.first) {
                let check_session = tokio::select! {
                    changed = f.figures.changed() => {
                        changed.ok()?;
                        false
                    }
                    _ = f.closed.wait_for(|closed| *closed) => return None,
                    _ = f.session_check.tick() => true,
                };
                if check_session {
                    match app::db::sessions::is_open(&f.db, &f.session_id, f.user_id).await {
                        Ok(false) => return None,
                        Ok(true) | Err(_) => continue,
                    }
                }
            }
            let figures = f.figures.borrow_and_update().clone();
            if let Some(json) = figures {
                let event = Event::default()
                    .event("statistiques")
                    .retry(std::time::Duration::from_secs(1))
                    .data(&*json);
                return Some((Ok::<_, std::convert::Infallible>(event), f));
            }
        }
    });
    // Fused: an ended stream may be polled again by the layers around it.
    Sse::new(futures_util::StreamExt::fuse(events))
        .keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15)))
        .into_response()
}

pub fn build_router(db: Db, config: &Config, live: LiveStatistics) -> Router {
    let leptos_options = config.leptos_options();
    let security: Security = config.security();
    let download = (db.clone(), security.clone());
    let pairing_jobs = app::api::pairing_jobs::PairingJobs::new(
        config.pairing_wait,
        config.pairing_runs_per_process,
    );
    let routes = generate_route_list(App);
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db: db.clone(),
        security: security.clone(),
        live,
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
    let hosts = std::sync::Arc::new(config.allowed_hosts());
    // What every rendering has: pages, server functions, and the 404 of unknown paths.
    let context = move || {
        provide_context(context_db.clone());
        provide_context(security.clone());
        provide_context(pairing_jobs.clone());
        app::set_content_security_policy();
    };
    Router::<AppState>::new()
        .route("/healthz", get(healthz))
        .route("/organisation/statistiques/direct", get(live_statistics))
        .route("/organisation/exports/{file}", get(csv_export))
        .route(
            "/compte/mes-donnees.json",
            get(move |session| my_data(session, download.0.clone(), download.1.clone())),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
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
        .layer(axum::middleware::from_fn_with_state(
            config.public_url.starts_with("https://"),
            strict_transport,
        ))
        .layer(axum::middleware::from_fn_with_state(hosts, check_host))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
