//! The organisers' view of the e-mails (`/organisation/courriels`): the outbox by state,
//! a failed message sent again, and every template previewed.

use super::error::AppError;
use crate::domain::email::{EmailPreview, OutboxCounts, OutboxFilter, OutboxLine};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {super::context::*, super::session::*, crate::domain::account::Role};

/// The newest messages of one list shown at once.
pub const OUTBOX_PAGE: i64 = 100;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxView {
    pub filter: OutboxFilter,
    pub counts: OutboxCounts,
    pub messages: Vec<OutboxLine>,
}

/// The list `etat` (`en-attente`, `en-echec`, `envoyes`; the first when empty).
#[server(endpoint = "get_outbox")]
pub async fn get_outbox(etat: String) -> Result<OutboxView, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        let filter = match etat.trim() {
            "" => OutboxFilter::default(),
            slug => OutboxFilter::parse(slug).ok_or(AppError::NotFound)?,
        };
        let db = db()?;
        Ok(OutboxView {
            filter,
            counts: crate::db::outbox::counts(&db).await?,
            messages: crate::db::outbox::list(&db, filter, OUTBOX_PAGE).await?,
        })
    })
    .await
}

/// Sends a given-up message again now (one more attempt).
#[server(endpoint = "retry_email")]
pub async fn retry_email(id: i64) -> Result<(), AppError> {
    use crate::db::outbox::RetryRefused;
    respond(async move {
        let organiser = require_role(Role::Organiser).await?;
        match crate::db::outbox::retry(&db()?, id, organiser.id).await? {
            Ok(()) => {
                redirect("/organisation/courriels?etat=en-echec&renvoi=fait");
                Ok(())
            }
            Err(RetryRefused::NotFailed) => Err(AppError::NotFound),
            Err(RetryRefused::LinkGone) => Err(AppError::Refused(
                "Ce courriel contenait un lien personnel, effacé quand l'envoi a été abandonné : \
                 la personne doit en redemander un (inscription ou mot de passe oublié)."
                    .into(),
            )),
        }
    })
    .await
}

/// Every e-mail the platform sends, as written for made-up people.
#[server(endpoint = "get_email_previews")]
pub async fn get_email_previews() -> Result<Vec<EmailPreview>, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        Ok(super::emails::previews(
            &security()?.public_url,
            crate::db::now_ms(),
        ))
    })
    .await
}
