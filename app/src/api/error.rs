//! The error every account, student, ambassador and organiser server function returns.
//! It crosses the wire (and, for forms posted without JavaScript, the redirect URL), so
//! it carries French messages and the typed values, never internal details.

use crate::domain::form::FormErrors;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Connectez-vous pour continuer.")]
    Unauthenticated,
    #[error("Cette action n'est pas ouverte à votre compte.")]
    Forbidden,
    #[error("Cette page n'existe pas ou plus.")]
    NotFound,
    #[error("Trop de tentatives : réessayez dans {minutes} minutes.")]
    RateLimited { minutes: u64 },
    /// Some fields were rejected: a message for each, and what was typed.
    #[error("Le formulaire contient des erreurs : corrigez les champs signalés.")]
    Invalid(FormErrors),
    /// A rule of the programme refuses the action (deadline passed…).
    #[error("{0}")]
    Refused(String),
    /// The database is overloaded or unreachable (503): worth trying again soon.
    #[error("Le service est momentanément indisponible. Réessayez dans quelques instants.")]
    Unavailable,
    /// Anything unexpected (500). The cause is logged on the server, never sent.
    #[error("Une erreur inattendue nous empêche de répondre. Réessayez plus tard ; si elle persiste, écrivez-nous.")]
    Internal,
    /// An argument missing or of the wrong type (400): a request no page of the site sends.
    #[error("{0}")]
    Malformed(String),
    #[error("La requête n'a pas pu être traitée. Rechargez la page et réessayez.")]
    Transport(ServerFnErrorErr),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => {
                let error = AppError::Malformed(
                    "Une valeur envoyée manque ou n'est pas valable : rechargez la page et réessayez."
                        .into(),
                );
                // Met while reading the arguments, before the function's own answer.
                #[cfg(feature = "ssr")]
                super::context::answer_failure(&error);
                error
            }
            other => AppError::Transport(other),
        }
    }
}

impl AppError {
    /// The form errors, when the failure is about fields.
    pub fn form(&self) -> Option<&FormErrors> {
        match self {
            AppError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }

    pub fn field(&self, field: &str) -> Option<String> {
        self.form()
            .and_then(|errors| errors.message(field))
            .map(str::to_string)
    }

    pub fn value(&self, field: &str) -> Option<String> {
        self.form()
            .and_then(|errors| errors.value(field))
            .map(str::to_string)
    }

    /// The HTTP status a JavaScript caller receives.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::RateLimited { .. } => 429,
            AppError::Invalid(_) => 422,
            AppError::Refused(_) => 409,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
            AppError::Malformed(_) | AppError::Transport(_) => 400,
        }
    }
}

impl From<FormErrors> for AppError {
    fn from(errors: FormErrors) -> Self {
        AppError::Invalid(errors)
    }
}

/// A refusal of a rule of the programme becomes its French message.
impl From<crate::domain::refusal::Refusal> for AppError {
    fn from(refusal: crate::domain::refusal::Refusal) -> Self {
        AppError::Refused(refusal.to_string())
    }
}

/// A data-layer failure: logged with its cause, answered without it. A pool that gives
/// no connection in time (overload) or a database that cannot be reached is 503, the
/// rest 500.
#[cfg(feature = "ssr")]
impl From<crate::db::Error> for AppError {
    fn from(error: crate::db::Error) -> Self {
        use crate::db::Error;
        tracing::error!(%error, "data layer failed");
        match error {
            Error::Sqlx(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_),
            ) => AppError::Unavailable,
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        crate::db::Error::from(error).into()
    }
}

/// An operation that a rule may refuse: the refusal is shown, a failure logged.
#[cfg(feature = "ssr")]
impl From<crate::db::Refusable> for AppError {
    fn from(failure: crate::db::Refusable) -> Self {
        match failure {
            crate::db::Refusable::Refused(refusal) => refusal.into(),
            crate::db::Refusable::Failed(error) => error.into(),
        }
    }
}
