//! The organisers' live dashboard of an edition (`/organisation/statistiques`). The page
//! loads its figures here; the event stream that keeps them current is served by the
//! server crate (`/organisation/statistiques/direct`) from the same data layer.

use super::error::AppError;
use crate::domain::statistics::EditionStatistics;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {super::context::*, super::session::*, crate::domain::account::Role};

/// The dashboard: the edition shown (none when there is no edition yet) and the others.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub editions: Vec<(i64, String)>,
    pub statistics: Option<EditionStatistics>,
}

/// The figures of edition `edition` (its id as in the address), or of the current
/// edition when it is empty.
#[server(endpoint = "get_dashboard")]
pub async fn get_dashboard(edition: String) -> Result<Dashboard, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        let db = db()?;
        let editions = crate::db::statistics::editions(&db).await?;
        let chosen = match edition.trim() {
            "" => crate::db::editions::current(&db).await?.map(|(id, _)| id),
            text => Some(text.parse::<i64>().map_err(|_| AppError::NotFound)?),
        };
        let statistics = match chosen {
            Some(id) => Some(
                crate::db::statistics::edition_statistics(&db, id)
                    .await?
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        Ok(Dashboard {
            editions,
            statistics,
        })
    })
    .await
}
