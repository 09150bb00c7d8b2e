//! Read queries of the public catalogue.

use super::{placeholders, Bind, Conditions, Db, Result};
use crate::domain::catalogue::*;
use crate::domain::geo::Point;
use crate::domain::level::LevelSet;
use crate::domain::text::{escape_like, fold};
use std::cmp::Ordering;

/// Open offers of `edition_id` per job id, administration id and ministry id.
const PUBLISHED: &str = "o.edition_id = {} AND o.status = 'publiee'";

/// The counts on the home page, for the current edition.
pub async fn home_stats(db: &Db) -> Result<HomeStats> {
    let Some((edition_id, edition)) = super::editions::current(db).await? else {
        return Ok(HomeStats::default());
    };
    let (offers, places, ministries, jobs): (i64, Option<i64>, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(capacity - seats_taken), COUNT(DISTINCT ministry_id), COUNT(DISTINCT job_id)
         FROM offers WHERE edition_id = $1 AND status = 'publiee'",
    )
    .bind(edition_id)
    .fetch_one(db.pool())
    .await?;
    Ok(HomeStats { edition: Some(edition), offers, places: places.unwrap_or(0), ministries, jobs })
}

/// The choices of the search form's drop-down lists.
pub async fn filter_options(db: &Db) -> Result<FilterOptions> {
    let jobs: Vec<(String, String)> = sqlx::query_as("SELECT slug, name FROM jobs ORDER BY name").fetch_all(db.pool()).await?;
    let administrations: Vec<(String, String, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT a.slug, a.name, a.acronym, a.parent_id FROM administrations a
         LEFT JOIN administrations m ON m.id = a.ministry_id
         ORDER BY m.name, CASE WHEN a.parent_id IS NULL THEN 0 ELSE 1 END, a.name",
    )
    .fetch_all(db.pool())
    .await?;
    let regions: Vec<(String, String)> = sqlx::query_as("SELECT code, name FROM regions ORDER BY name").fetch_all(db.pool()).await?;
    let departements: Vec<(String, String)> =
        sqlx::query_as("SELECT code, name FROM departements ORDER BY code").fetch_all(db.pool()).await?;
    let option = |value: String, label: String, nested: bool| FilterOption { value, label, nested };
    Ok(FilterOptions {
        jobs: jobs.into_iter().map(|(s, n)| option(s, n, false)).collect(),
        administrations: administrations
            .into_iter()
            .map(|(slug, name, acronym, parent)| {
                let label = match acronym {
                    Some(a) if parent.is_some() => format!("{name} ({a})"),
                    _ => name,
                };
                option(slug, label, parent.is_some())
            })
            .collect(),
        regions: regions.into_iter().map(|(c, n)| option(c, n, false)).collect(),
        departements: departements.into_iter().map(|(c, n)| option(c.clone(), format!("{c} – {n}"), false)).collect(),
    })
}

/// A commune found from what the user typed: an INSEE code, "Rennes", "rennes (35)"…
/// Among homonyms the most populated wins; a prefix is tried when no name matches.
pub async fn find_place(db: &Db, typed: &str) -> Result<Option<(PlaceRef, Point)>> {
    let typed = typed.trim();
    let (name, departement) = match typed.rsplit_once('(') {
        Some((name, rest)) if rest.ends_with(')') => (name.trim(), Some(rest.trim_end_matches(')').trim().to_ascii_uppercase())),
        _ => (typed, None),
    };
    type Row = (String, String, String, f64, f64);
    let by_code: Option<Row> = sqlx::query_as("SELECT insee_code, name, departement_code, lat, lon FROM places WHERE insee_code = $1")
        .bind(name.to_ascii_uppercase())
        .fetch_optional(db.pool())
        .await?;
    let folded = fold(name);
    let mut found = by_code;
    for pattern in [folded.clone(), format!("{}%", escape_like(&folded))] {
        if found.is_some() || folded.is_empty() {
            break;
        }
        let mut conditions = Conditions::default();
        conditions.push("search_name LIKE {} ESCAPE '\\'", [Bind::Text(pattern)]);
        if let Some(dep) = &departement {
            conditions.push("departement_code = {}", [Bind::Text(dep.clone())]);
        }
        let sql = format!(
            "SELECT insee_code, name, departement_code, lat, lon FROM places{} ORDER BY population DESC, insee_code LIMIT 1",
            conditions.where_sql()
        );
        found = conditions.bind_to(sqlx::query_as::<_, Row>(&sql)).fetch_optional(db.pool()).await?;
    }
    Ok(found.map(|(insee_code, name, departement_code, lat, lon)| {
        (PlaceRef { insee_code, name, departement_code }, Point::new(lat, lon))
    }))
}

/// Communes whose name starts with `prefix`, most populated first (for suggestions).
pub async fn suggest_places(db: &Db, prefix: &str, limit: i64) -> Result<Vec<PlaceRef>> {
    let folded = fold(prefix);
    if folded.len() < 2 {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT insee_code, name, departement_code FROM places WHERE search_name LIKE $1 ESCAPE '\\'
         ORDER BY population DESC, insee_code LIMIT $2",
    )
    .bind(format!("{}%", escape_like(&folded)))
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows.into_iter().map(|(insee_code, name, departement_code)| PlaceRef { insee_code, name, departement_code }).collect())
}

/// Runs a catalogue search: unknown values become notices, never errors.
pub async fn search_offers(db: &Db, query: &OfferQuery) -> Result<OfferResults> {
    let (mut filter, mut notices) = OfferFilter::parse(query);
    let Some((edition_id, _)) = super::editions::current(db).await? else {
        return Ok(OfferResults { filter, notices, page: 1, page_count: 1, ..Default::default() });
    };
    let mut conditions = Conditions::default();
    conditions.push(PUBLISHED, [Bind::Int(edition_id)]);

    if let Some(slug) = filter.job.clone() {
        match sqlx::query_scalar::<_, i64>("SELECT id FROM jobs WHERE slug = $1").bind(&slug).fetch_optional(db.pool()).await? {
            Some(id) => conditions.push("o.job_id = {}", [Bind::Int(id)]),
            None => {
                notices.push(FilterNotice::new("metier", format!("Le métier « {slug} » n'existe pas ; ce filtre a été ignoré.")));
                filter.job = None;
            }
        }
    }
    if let Some(slug) = filter.administration.clone() {
        let found: Option<(i64, Option<i64>)> = sqlx::query_as("SELECT id, parent_id FROM administrations WHERE slug = $1")
            .bind(&slug)
            .fetch_optional(db.pool())
            .await?;
        match found {
            // A ministry covers all of its services.
            Some((id, None)) => conditions.push("o.ministry_id = {}", [Bind::Int(id)]),
            Some((id, Some(_))) => conditions.push("o.administration_id = {}", [Bind::Int(id)]),
            None => {
                notices.push(FilterNotice::new(
                    "administration",
                    format!("L'administration « {slug} » n'existe pas ; ce filtre a été ignoré."),
                ));
                filter.administration = None;
            }
        }
    }
    if let Some(code) = filter.region.clone() {
        if exists(db, "SELECT COUNT(*) FROM regions WHERE code = $1", &code).await? {
            conditions.push("o.region_code = {}", [Bind::Text(code)]);
        } else {
            notices.push(FilterNotice::new("region", format!("La région « {code} » n'existe pas ; ce filtre a été ignoré.")));
            filter.region = None;
        }
    }
    if let Some(code) = filter.departement.clone() {
        if exists(db, "SELECT COUNT(*) FROM departements WHERE code = $1", &code).await? {
            conditions.push("o.departement_code = {}", [Bind::Text(code)]);
        } else {
            notices.push(FilterNotice::new("departement", format!("Le département « {code} » n'existe pas ; ce filtre a été ignoré.")));
            filter.departement = None;
        }
    }
    for word in &filter.words {
        conditions.push("o.search_text LIKE {} ESCAPE '\\'", [Bind::Text(format!("%{}%", escape_like(word)))]);
    }
    let mut origin = None;
    if let Some(typed) = filter.commune.clone() {
        match find_place(db, &typed).await? {
            Some((place, point)) => {
                let bbox = point.bounding_box(f64::from(filter.radius_km));
                conditions.push(
                    "o.lat BETWEEN {} AND {} AND o.lon BETWEEN {} AND {}",
                    [Bind::Real(bbox.min_lat), Bind::Real(bbox.max_lat), Bind::Real(bbox.min_lon), Bind::Real(bbox.max_lon)],
                );
                origin = Some((place, point));
            }
            None => {
                notices.push(FilterNotice::new(
                    "commune",
                    format!("Aucune commune ne correspond à « {typed} » ; la recherche autour d'une commune a été ignorée."),
                ));
                filter.commune = None;
                if filter.sort == OfferSort::Distance {
                    filter.sort = OfferSort::PlacesLeft;
                }
            }
        }
    }

    // First pass: the few columns needed to filter by exact distance, sort and count.
    let sql = format!("SELECT o.id, o.lat, o.lon, o.capacity - o.seats_taken, o.title FROM offers o{}", conditions.where_sql());
    let rows: Vec<(i64, f64, f64, i64, String)> = conditions.bind_to(sqlx::query_as(&sql)).fetch_all(db.pool()).await?;
    let radius = f64::from(filter.radius_km);
    let mut hits: Vec<(i64, Option<f64>, i64, String)> = rows
        .into_iter()
        .filter_map(|(id, lat, lon, left, title)| match &origin {
            Some((_, point)) => {
                let km = point.distance_km(Point::new(lat, lon));
                (km <= radius).then_some((id, Some(km), left, title))
            }
            None => Some((id, None, left, title)),
        })
        .collect();
    match filter.sort {
        OfferSort::Distance => hits.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(Ordering::Equal).then(a.0.cmp(&b.0))),
        OfferSort::PlacesLeft => hits.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0))),
        OfferSort::Title => hits.sort_by(|a, b| fold(&a.3).cmp(&fold(&b.3)).then(a.0.cmp(&b.0))),
    }
    let total = hits.len();
    let page_count = total.div_ceil(PAGE_SIZE).max(1) as u32;
    if filter.page > page_count {
        notices.push(FilterNotice::new("page", format!("La page {} n'existe pas ; la dernière page est affichée.", filter.page)));
        filter.page = page_count;
    }
    let start = (filter.page as usize - 1) * PAGE_SIZE;
    let page: Vec<(i64, Option<f64>)> = hits.iter().skip(start).take(PAGE_SIZE).map(|h| (h.0, h.1)).collect();
    let cards = cards_by_ids(db, &page).await?;
    Ok(OfferResults { page: filter.page, filter, cards, total, page_count, origin: origin.map(|o| o.0), notices })
}

async fn exists(db: &Db, sql: &'static str, code: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(sql).bind(code).fetch_one(db.pool()).await?;
    Ok(n > 0)
}

type CardRow = (i64, String, String, String, String, String, String, String, i64, i64, i64);

const CARD_COLUMNS: &str = "SELECT o.id, o.title, j.name, j.slug, a.name, m.name, p.name, o.departement_code,
        o.capacity, o.seats_taken, o.levels_mask
    FROM offers o
    JOIN jobs j ON j.id = o.job_id
    JOIN administrations a ON a.id = o.administration_id
    JOIN administrations m ON m.id = o.ministry_id
    JOIN places p ON p.insee_code = o.place_code";

fn card_from_row(row: CardRow, distance_km: Option<f64>) -> OfferCard {
    let (id, title, job_name, job_slug, administration_name, ministry_name, place_name, departement_code, capacity, taken, mask) = row;
    OfferCard {
        id,
        title,
        job_name,
        job_slug,
        administration_name,
        ministry_name,
        place_name,
        departement_code,
        capacity,
        places_left: capacity - taken,
        levels: LevelSet::from_mask(mask).unwrap_or(LevelSet::ALL),
        distance_km,
    }
}

/// Cards for the given ids, in the given order.
async fn cards_by_ids(db: &Db, ids: &[(i64, Option<f64>)]) -> Result<Vec<OfferCard>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("{CARD_COLUMNS} WHERE o.id IN ({})", placeholders(ids.len()));
    let mut query = sqlx::query_as::<_, CardRow>(&sql);
    for (id, _) in ids {
        query = query.bind(*id);
    }
    let mut rows = query.fetch_all(db.pool()).await?;
    Ok(ids
        .iter()
        .filter_map(|(id, km)| {
            let at = rows.iter().position(|r| r.0 == *id)?;
            Some(card_from_row(rows.swap_remove(at), *km))
        })
        .collect())
}

/// The published offers of the current edition matching one extra condition, most
/// places left first (job and administration pages).
async fn published_cards(db: &Db, condition: &'static str, value: i64, limit: i64) -> Result<(Vec<OfferCard>, i64)> {
    let Some((edition_id, _)) = super::editions::current(db).await? else {
        return Ok((Vec::new(), 0));
    };
    let mut conditions = Conditions::default();
    conditions.push(PUBLISHED, [Bind::Int(edition_id)]);
    conditions.push(condition, [Bind::Int(value)]);
    let count_sql = format!("SELECT COUNT(*) FROM offers o{}", conditions.where_sql());
    let total: i64 = conditions.bind_to(sqlx::query_as::<_, (i64,)>(&count_sql)).fetch_one(db.pool()).await?.0;
    let sql = format!(
        "{CARD_COLUMNS}{} ORDER BY o.capacity - o.seats_taken DESC, o.id LIMIT {limit}",
        conditions.where_sql()
    );
    let rows: Vec<CardRow> = conditions.bind_to(sqlx::query_as(&sql)).fetch_all(db.pool()).await?;
    Ok((rows.into_iter().map(|r| card_from_row(r, None)).collect(), total))
}

/// Count of published offers in the current edition, per value of `column`.
async fn open_offer_counts(db: &Db, column: &'static str) -> Result<Vec<(i64, i64)>> {
    let Some((edition_id, _)) = super::editions::current(db).await? else {
        return Ok(Vec::new());
    };
    let sql = format!("SELECT {column}, COUNT(*) FROM offers WHERE edition_id = $1 AND status = 'publiee' GROUP BY {column}");
    Ok(sqlx::query_as(&sql).bind(edition_id).fetch_all(db.pool()).await?)
}

fn count_for(counts: &[(i64, i64)], id: i64) -> i64 {
    counts.iter().find(|c| c.0 == id).map_or(0, |c| c.1)
}

pub async fn jobs(db: &Db) -> Result<Vec<JobSummary>> {
    let counts = open_offer_counts(db, "job_id").await?;
    let rows: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, slug, name, summary FROM jobs ORDER BY name").fetch_all(db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, name, summary)| JobSummary { slug, name, summary, open_offers: count_for(&counts, id) })
        .collect())
}

pub async fn job(db: &Db, slug: &str) -> Result<Option<JobDetail>> {
    let row: Option<(i64, String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, slug, name, summary, missions, skills, studies, recruitment FROM jobs WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(db.pool())
    .await?;
    let Some((id, slug, name, summary, missions, skills, studies, recruitment)) = row else {
        return Ok(None);
    };
    let (offers, open_offers) = published_cards(db, "o.job_id = {}", id, 12).await?;
    Ok(Some(JobDetail { slug, name, summary, missions, skills, studies, recruitment, open_offers, offers }))
}

type AdminRow = (i64, String, String, Option<String>, String, Option<i64>);

fn admin_summary(row: &AdminRow, counts: &[(i64, i64)]) -> AdministrationSummary {
    AdministrationSummary {
        slug: row.1.clone(),
        name: row.2.clone(),
        acronym: row.3.clone(),
        kind: row.4.clone(),
        open_offers: count_for(counts, row.0),
    }
}

/// Ministries with their services; a ministry's count covers its services.
pub async fn administrations(db: &Db) -> Result<Vec<MinistryGroup>> {
    let by_admin = open_offer_counts(db, "administration_id").await?;
    let by_ministry = open_offer_counts(db, "ministry_id").await?;
    let rows: Vec<AdminRow> = sqlx::query_as("SELECT id, slug, name, acronym, kind, parent_id FROM administrations ORDER BY name")
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .iter()
        .filter(|r| r.5.is_none())
        .map(|ministry| MinistryGroup {
            ministry: admin_summary(ministry, &by_ministry),
            services: rows.iter().filter(|r| r.5 == Some(ministry.0)).map(|r| admin_summary(r, &by_admin)).collect(),
        })
        .collect())
}

pub async fn administration(db: &Db, slug: &str) -> Result<Option<AdministrationDetail>> {
    let row: Option<(i64, String, String, Option<String>, String, Option<i64>, String, Option<String>)> = sqlx::query_as(
        "SELECT id, slug, name, acronym, kind, parent_id, description, website FROM administrations WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(db.pool())
    .await?;
    let Some((id, slug, name, acronym, kind, parent_id, description, website)) = row else {
        return Ok(None);
    };
    let is_ministry = parent_id.is_none();
    let condition = if is_ministry { "o.ministry_id = {}" } else { "o.administration_id = {}" };
    let (offers, open_offers) = published_cards(db, condition, id, 12).await?;
    let parent = match parent_id {
        Some(pid) => sqlx::query_as::<_, (String, String)>("SELECT slug, name FROM administrations WHERE id = $1")
            .bind(pid)
            .fetch_optional(db.pool())
            .await?
            .map(|(slug, name)| NamedLink { slug, name }),
        None => None,
    };
    let by_admin = open_offer_counts(db, "administration_id").await?;
    let children: Vec<AdminRow> =
        sqlx::query_as("SELECT id, slug, name, acronym, kind, parent_id FROM administrations WHERE parent_id = $1 ORDER BY name")
            .bind(id)
            .fetch_all(db.pool())
            .await?;
    Ok(Some(AdministrationDetail {
        summary: AdministrationSummary { slug, name, acronym, kind, open_offers },
        description,
        website,
        parent,
        services: children.iter().map(|r| admin_summary(r, &by_admin)).collect(),
        offers,
    }))
}

/// A published offer with its programme; `None` for unknown or unpublished offers.
pub async fn offer(db: &Db, id: i64) -> Result<Option<OfferDetail>> {
    type Row = (
        (i64, String, String, String, String, String, String, String, String, String, String),
        (String, String, String, String, i64, i64, i64, i64, i64, String, String, String),
        (String, String),
    );
    let head: Option<(i64, String, String, String, String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT o.id, o.title, o.description, o.team, j.slug, j.name, a.slug, a.name, m.slug, m.name, p.name
         FROM offers o
         JOIN jobs j ON j.id = o.job_id
         JOIN administrations a ON a.id = o.administration_id
         JOIN administrations m ON m.id = o.ministry_id
         JOIN places p ON p.insee_code = o.place_code
         WHERE o.id = $1 AND o.status = 'publiee'",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    let Some(head) = head else { return Ok(None) };
    let body: (String, String, String, String, i64, i64, i64, i64, i64, String, String, String) = sqlx::query_as(
        "SELECT d.name, o.departement_code, r.name, o.address, o.capacity, o.seats_taken, o.levels_mask,
                o.id_check_required, o.step_free_access, o.access_notes, u.first_name, ap.job_title
         FROM offers o
         JOIN departements d ON d.code = o.departement_code
         JOIN regions r ON r.code = o.region_code
         JOIN users u ON u.id = o.ambassador_id
         LEFT JOIN ambassador_profiles ap ON ap.user_id = o.ambassador_id
         WHERE o.id = $1",
    )
    .bind(id)
    .fetch_one(db.pool())
    .await
    .map(|mut row: (String, String, String, String, i64, i64, i64, i64, i64, String, String, Option<String>)| {
        (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, std::mem::take(&mut row.9), row.10, row.11.unwrap_or_default())
    })?;
    let edition: (String, String) = sqlx::query_as(
        "SELECT e.name, e.immersion_on FROM editions e JOIN offers o ON o.edition_id = e.id WHERE o.id = $1",
    )
    .bind(id)
    .fetch_one(db.pool())
    .await?;
    let programme: Vec<(String, String, String)> =
        sqlx::query_as("SELECT starts_at, title, details FROM programme_items WHERE offer_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(db.pool())
            .await?;
    let row: Row = (head, body, edition);
    let ((id, title, description, team, job_slug, job_name, admin_slug, admin_name, ministry_slug, ministry_name, place_name), b, e) = row;
    Ok(Some(OfferDetail {
        id,
        title,
        description,
        team,
        job: NamedLink { slug: job_slug, name: job_name },
        administration: NamedLink { slug: admin_slug, name: admin_name },
        ministry: NamedLink { slug: ministry_slug, name: ministry_name },
        place_name,
        departement_name: b.0,
        departement_code: b.1,
        region_name: b.2,
        address: b.3,
        capacity: b.4,
        places_left: b.4 - b.5,
        levels: LevelSet::from_mask(b.6).unwrap_or(LevelSet::ALL),
        id_check_required: b.7 == 1,
        step_free_access: b.8 == 1,
        access_notes: b.9,
        ambassador_first_name: b.10,
        ambassador_job_title: b.11,
        edition_name: e.0,
        immersion_on: e.1,
        programme: programme.into_iter().map(|(starts_at, title, details)| ProgrammeItem { starts_at, title, details }).collect(),
    }))
}
