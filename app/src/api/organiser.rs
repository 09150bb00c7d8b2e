//! The organisers' workspace. Every function requires a signed-in organiser.

use super::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {super::server::*, crate::db::applications as store, crate::domain::account::Role};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationStatistics {
    pub edition_name: String,
    /// (status label, count), every status listed.
    pub by_status: Vec<(String, i64)>,
}

#[server(endpoint = "get_application_statistics")]
pub async fn get_application_statistics() -> Result<ApplicationStatistics, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        let db = db()?;
        let Some(edition) = store::current_edition(&db).await.map_err(internal)? else {
            return Ok(ApplicationStatistics::default());
        };
        let counts = store::counts_by_status(&db, edition.id)
            .await
            .map_err(internal)?;
        let by_status = crate::domain::application::ApplicationStatus::ALL
            .into_iter()
            .map(|status| {
                let count = counts
                    .iter()
                    .find(|(s, _)| s == status.as_str())
                    .map_or(0, |(_, n)| *n);
                (status.label().to_string(), count)
            })
            .collect();
        Ok(ApplicationStatistics {
            edition_name: edition.name,
            by_status,
        })
    })
    .await
}
