//! The public catalogue. Its readers need no account: these functions are open to every
//! caller by design, and only ever return published offers and reference data.

use crate::domain::catalogue::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::server::{db, internal, set_not_found};

#[server]
pub async fn get_home_stats() -> Result<HomeStats, ServerFnError> {
    crate::db::catalogue::home_stats(&db()?)
        .await
        .map_err(internal)
}

#[server]
pub async fn get_filter_options() -> Result<FilterOptions, ServerFnError> {
    crate::db::catalogue::filter_options(&db()?)
        .await
        .map_err(internal)
}

/// An all-empty query leaves nothing in the URL encoding: it then defaults to "no filter".
#[server]
pub async fn search_offers(
    #[server(default)] query: OfferQuery,
) -> Result<OfferResults, ServerFnError> {
    crate::db::catalogue::search_offers(&db()?, &query)
        .await
        .map_err(internal)
}

#[server]
pub async fn suggest_places(prefix: String) -> Result<Vec<PlaceRef>, ServerFnError> {
    let prefix: String = prefix.chars().take(100).collect();
    crate::db::catalogue::suggest_places(&db()?, &prefix, 8)
        .await
        .map_err(internal)
}

#[server]
pub async fn get_offer(id: i64) -> Result<Option<OfferDetail>, ServerFnError> {
    let offer = crate::db::catalogue::offer(&db()?, id)
        .await
        .map_err(internal)?;
    if offer.is_none() {
        set_not_found();
    }
    Ok(offer)
}

#[server]
pub async fn list_jobs() -> Result<Vec<JobSummary>, ServerFnError> {
    crate::db::catalogue::jobs(&db()?).await.map_err(internal)
}

#[server]
pub async fn get_job(slug: String) -> Result<Option<JobDetail>, ServerFnError> {
    let job = crate::db::catalogue::job(&db()?, &slug)
        .await
        .map_err(internal)?;
    if job.is_none() {
        set_not_found();
    }
    Ok(job)
}

#[server]
pub async fn list_administrations() -> Result<Vec<MinistryGroup>, ServerFnError> {
    crate::db::catalogue::administrations(&db()?)
        .await
        .map_err(internal)
}

#[server]
pub async fn get_administration(
    slug: String,
) -> Result<Option<AdministrationDetail>, ServerFnError> {
    let admin = crate::db::catalogue::administration(&db()?, &slug)
        .await
        .map_err(internal)?;
    if admin.is_none() {
        set_not_found();
    }
    Ok(admin)
}
