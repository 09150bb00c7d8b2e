//! Server functions, grouped by area. Each one is thin: check who is calling, parse,
//! call the data layer, map errors to a French message (details go to the log only).

pub mod catalogue;

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use crate::db::Db;
    use leptos::prelude::*;

    /// The database pool, provided to every request through Leptos context.
    pub fn db() -> Result<Db, ServerFnError> {
        use_context::<Db>().ok_or_else(|| ServerFnError::new("Service indisponible."))
    }

    /// Logs the real cause and returns a message that reveals nothing internal.
    pub fn internal(error: crate::db::Error) -> ServerFnError {
        tracing::error!(%error, "server function failed");
        ServerFnError::new(
            "Le service est momentanément indisponible. Réessayez dans quelques instants.",
        )
    }

    /// Marks the response as 404 (the page still renders its own message).
    pub fn set_not_found() {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
}
