//! The public catalogue. Its readers need no account: these functions are open to every
//! caller by design, and only ever return published offers and reference data.

use super::error::AppError;
use crate::domain::catalogue::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::context::{db, internal, set_not_found};

#[server(endpoint = "get_home_stats")]
pub async fn get_home_stats() -> Result<HomeStats, AppError> {
    crate::db::catalogue::home_stats(&db()?)
        .await
        .map_err(internal)
}

#[server(endpoint = "get_filter_options")]
pub async fn get_filter_options() -> Result<FilterOptions, AppError> {
    crate::db::catalogue::filter_options(&db()?)
        .await
        .map_err(internal)
}

/// An all-empty query leaves nothing in the URL encoding: it then defaults to "no filter".
#[server(endpoint = "search_offers")]
pub async fn search_offers(#[server(default)] query: OfferQuery) -> Result<OfferResults, AppError> {
    crate::db::catalogue::search_offers(&db()?, &query)
        .await
        .map_err(internal)
}

#[server(endpoint = "suggest_places")]
pub async fn suggest_places(prefix: String) -> Result<Vec<PlaceRef>, AppError> {
    let prefix: String = prefix.chars().take(100).collect();
    crate::db::catalogue::suggest_places(&db()?, &prefix, 8)
        .await
        .map_err(internal)
}

#[server(endpoint = "get_offer")]
pub async fn get_offer(id: i64) -> Result<Option<OfferDetail>, AppError> {
    let offer = crate::db::catalogue::offer(&db()?, id)
        .await
        .map_err(internal)?;
    if offer.is_none() {
        set_not_found();
    }
    Ok(offer)
}

#[server(endpoint = "list_jobs")]
pub async fn list_jobs() -> Result<Vec<JobSummary>, AppError> {
    crate::db::catalogue::jobs(&db()?).await.map_err(internal)
}

#[server(endpoint = "get_job")]
pub async fn get_job(slug: String) -> Result<Option<JobDetail>, AppError> {
    let job = crate::db::catalogue::job(&db()?, &slug)
        .await
        .map_err(internal)?;
    if job.is_none() {
        set_not_found();
    }
    Ok(job)
}

#[server(endpoint = "list_administrations")]
pub async fn list_administrations() -> Result<Vec<MinistryGroup>, AppError> {
    crate::db::catalogue::administrations(&db()?)
        .await
        .map_err(internal)
}

#[server(endpoint = "get_administration")]
pub async fn get_administration(slug: String) -> Result<Option<AdministrationDetail>, AppError> {
    let admin = crate::db::catalogue::administration(&db()?, &slug)
        .await
        .map_err(internal)?;
    if admin.is_none() {
        set_not_found();
    }
    Ok(admin)
}
