//! Read queries of the public catalogue.

use super::{placeholders, Bind, Conditions, Db, Result};
use crate::domain::catalogue::*;
use crate::domain::geo::Point;
use crate::domain::level::LevelSet;
use crate::domain::text::{escape_like, fold};
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Open offers of `edition_id` per job id, administration id and ministry id.
const PUBLISHED: &str = "o.edition_id = {} AND o.status = 'publiee'";

/// The counts on the home page, for the current edition (as fresh as the snapshot).
pub async fn home_stats(db: &Db) -> Result<HomeStats> {
    Ok(snapshot(db).await?.home.clone())
}

/// The seats a visitor sees taken on offer `o`: none before the announcement (the pairs
/// formed until then may still change), the announced pairs' from then on. (The order
/// by places left keeps the real count, which its indexes hold.)
macro_rules! seats_shown_taken {
    () => {
        "(CASE WHEN EXISTS (SELECT 1 FROM editions se WHERE se.id = o.edition_id
            AND se.status IN ('binomes_annonces', 'terminee', 'archivee')) THEN o.seats_taken ELSE 0 END)"
    };
}

/// Counts of the current edition's published offers.
async fn load_home_stats(db: &Db, edition: Option<&(i64, EditionInfo)>) -> Result<HomeStats> {
    let Some((edition_id, edition)) = edition else {
        return Ok(HomeStats::default());
    };
    // SUM of BIGINT is NUMERIC on PostgreSQL: cast back to one integer type for both.
    let (offers, places, ministries, jobs): (i64, i64, i64, i64) = sqlx::query_as(concat!(
        "SELECT COUNT(*), CAST(COALESCE(SUM(o.capacity - ",
        seats_shown_taken!(),
        "), 0) AS BIGINT),
                COUNT(DISTINCT o.ministry_id), COUNT(DISTINCT o.job_id)
         FROM offers o WHERE o.edition_id = $1 AND o.status = 'publiee'"
    ))
    .bind(edition_id)
    .fetch_one(db.pool())
    .await?;
    let by_departement = sqlx::query_as(
        "SELECT o.departement_code, d.name, COUNT(*) FROM offers o
         JOIN departements d ON d.code = o.departement_code
         WHERE o.edition_id = $1 AND o.status = 'publiee'
         GROUP BY o.departement_code, d.name ORDER BY o.departement_code",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    Ok(HomeStats {
        edition: Some(edition.clone()),
        offers,
        places,
        ministries,
        jobs,
        by_departement,
    })
}

/// How long a process trusts its [`CatalogueSnapshot`]: several server processes
/// behind a load balancer agree within this delay.
const SNAPSHOT_TTL: Duration = Duration::from_secs(5);

/// What every catalogue page needs besides the offers themselves: the current edition
/// and its counts, the choices of the filters and the lookups from slugs to ids. It is
/// read once and kept a few seconds: a search then costs two queries instead of seven,
/// and the home page none.
#[derive(Debug)]
pub struct CatalogueSnapshot {
    pub edition: Option<(i64, EditionInfo)>,
    pub home: HomeStats,
    pub options: FilterOptions,
    job_ids: HashMap<String, i64>,
    /// Slug → (id, is a ministry).
    administration_ids: HashMap<String, (i64, bool)>,
}

impl CatalogueSnapshot {
    fn has_region(&self, code: &str) -> bool {
        self.options.regions.iter().any(|o| o.value == code)
    }

    fn has_departement(&self, code: &str) -> bool {
        self.options.departements.iter().any(|o| o.value == code)
    }
}

/// Where a [`Db`] keeps its snapshot.
#[derive(Debug, Default)]
pub(crate) struct SnapshotSlot {
    current: RwLock<Option<(Instant, Arc<CatalogueSnapshot>)>>,
    reloading: AtomicBool,
}

impl SnapshotSlot {
    pub(crate) fn clear(&self) {
        if let Ok(mut guard) = self.current.write() {
            *guard = None;
        }
    }
}

/// The current snapshot, reloaded when older than [`SNAPSHOT_TTL`] or invalidated.
/// While one request reloads a stale snapshot, the others keep using it: under load,
/// expiry costs one reload, not one per waiting request.
pub async fn snapshot(db: &Db) -> Result<Arc<CatalogueSnapshot>> {
    let slot = db.catalogue_snapshot();
    let cached = slot.current.read().ok().and_then(|guard| guard.clone());
    let mut reloader = false;
    if let Some((loaded_at, snapshot)) = cached {
        if loaded_at.elapsed() < SNAPSHOT_TTL {
            return Ok(snapshot);
        }
        if slot.reloading.swap(true, AtomicOrdering::AcqRel) {
            return Ok(snapshot);
        }
        reloader = true;
    }
    let loaded = load_snapshot(db).await;
    if reloader {
        slot.reloading.store(false, AtomicOrdering::Release);
    }
    let fresh = Arc::new(loaded?);
    if let Ok(mut guard) = slot.current.write() {
        *guard = Some((Instant::now(), fresh.clone()));
    }
    Ok(fresh)
}

async fn load_snapshot(db: &Db) -> Result<CatalogueSnapshot> {
    let edition = super::editions::current(db).await?;
    let home = load_home_stats(db, edition.as_ref()).await?;
    let options = load_filter_options(db).await?;
    let job_ids = sqlx::query_as::<_, (String, i64)>("SELECT slug, id FROM jobs")
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .collect();
    let administration_ids = sqlx::query_as::<_, (String, i64, Option<i64>)>(
        "SELECT slug, id, parent_id FROM administrations",
    )
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|(slug, id, parent)| (slug, (id, parent.is_none())))
    .collect();
    Ok(CatalogueSnapshot {
        edition,
        home,
        options,
        job_ids,
        administration_ids,
    })
}

/// The choices of the search form's drop-down lists.
pub async fn filter_options(db: &Db) -> Result<FilterOptions> {
    Ok(snapshot(db).await?.options.clone())
}

async fn load_filter_options(db: &Db) -> Result<FilterOptions> {
    let jobs: Vec<(String, String)> = sqlx::query_as("SELECT slug, name FROM jobs ORDER BY name")
        .fetch_all(db.pool())
        .await?;
    // Slug, name, acronym, parent, and the name of its ministry.
    type AdministrationRow = (String, String, Option<String>, Option<i64>, Option<String>);
    let administrations: Vec<AdministrationRow> = sqlx::query_as(
        "SELECT a.slug, a.name, a.acronym, a.parent_id, m.name FROM administrations a
         LEFT JOIN administrations m ON m.id = a.ministry_id
         ORDER BY m.name, CASE WHEN a.parent_id IS NULL THEN 0 ELSE 1 END, a.name",
    )
    .fetch_all(db.pool())
    .await?;
    let regions: Vec<(String, String)> =
        sqlx::query_as("SELECT code, name FROM regions ORDER BY name")
            .fetch_all(db.pool())
            .await?;
    let departements: Vec<(String, String)> =
        sqlx::query_as("SELECT code, name FROM departements ORDER BY code")
            .fetch_all(db.pool())
            .await?;
    Ok(FilterOptions {
        jobs: jobs
            .into_iter()
            .map(|(s, n)| FilterOption::plain(s, n))
            .collect(),
        // Each ministry heads the group of its services.
        administrations: administrations
            .into_iter()
            .map(|(slug, name, acronym, parent, ministry)| {
                let label = match acronym {
                    Some(a) if parent.is_some() => format!("{name} ({a})"),
                    _ => name,
                };
                FilterOption {
                    value: slug,
                    label,
                    group: ministry,
                }
            })
            .collect(),
        regions: regions
            .into_iter()
            .map(|(c, n)| FilterOption::plain(c, n))
            .collect(),
        departements: departements
            .into_iter()
            .map(|(c, n)| FilterOption::plain(c.clone(), format!("{c} – {n}")))
            .collect(),
    })
}

/// A commune found from what the user typed: an INSEE code, "Rennes", "rennes (35)"…
/// Among homonyms the most populated wins; a prefix is tried when no name matches.
pub async fn find_place(db: &Db, typed: &str) -> Result<Option<(PlaceRef, Point)>> {
    place_typed(&mut *db.pool().acquire().await?, typed).await
}

async fn place_typed(conn: &mut AnyConnection, typed: &str) -> Result<Option<(PlaceRef, Point)>> {
    let typed = typed.trim();
    let (name, departement) = match typed.rsplit_once('(') {
        Some((name, rest)) if rest.ends_with(')') => (
            name.trim(),
            Some(rest.trim_end_matches(')').trim().to_ascii_uppercase()),
        ),
        _ => (typed, None),
    };
    type Row = (String, String, String, f64, f64);
    let by_code: Option<Row> = sqlx::query_as(
        "SELECT insee_code, name, departement_code, lat, lon FROM places WHERE insee_code = $1",
    )
    .bind(name.to_ascii_uppercase())
    .fetch_optional(&mut *conn)
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
        found = conditions
            .bind_to(sqlx::query_as::<_, Row>(&sql))
            .fetch_optional(&mut *conn)
            .await?;
    }
    Ok(found.map(|(insee_code, name, departement_code, lat, lon)| {
        (
            PlaceRef {
                insee_code,
                name,
                departement_code,
            },
            Point::new(lat, lon),
        )
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
    Ok(rows
        .into_iter()
        .map(|(insee_code, name, departement_code)| PlaceRef {
            insee_code,
            name,
            departement_code,
        })
        .collect())
}

/// Runs a catalogue search: unknown values become notices, never errors.
pub async fn search_offers(db: &Db, query: &OfferQuery) -> Result<OfferResults> {
    let (mut filter, mut notices) = OfferFilter::parse(query);
    let snapshot = snapshot(db).await?;
    let Some((edition_id, _)) = snapshot.edition else {
        return Ok(OfferResults {
            filter,
            notices,
            page: 1,
            page_count: 1,
            ..Default::default()
        });
    };
    let mut conditions = Conditions::default();
    conditions.push(PUBLISHED, [Bind::Int(edition_id)]);

    if let Some(slug) = filter.job.take() {
        match snapshot.job_ids.get(&slug) {
            Some(&id) => {
                conditions.push("o.job_id = {}", [Bind::Int(id)]);
                filter.job = Some(slug);
            }
            None => notices.push(FilterNotice::new(
                "metier",
                format!("Le métier « {slug} » n'existe pas ; ce filtre a été ignoré."),
            )),
        }
    }
    if let Some(slug) = filter.administration.take() {
        match snapshot.administration_ids.get(&slug) {
            Some(&(id, is_ministry)) => {
                // A ministry covers all of its services.
                let condition = if is_ministry {
                    "o.ministry_id = {}"
                } else {
                    "o.administration_id = {}"
                };
                conditions.push(condition, [Bind::Int(id)]);
                filter.administration = Some(slug);
            }
            None => notices.push(FilterNotice::new(
                "administration",
                format!("L'administration « {slug} » n'existe pas ; ce filtre a été ignoré."),
            )),
        }
    }
    // Région and département: kept when the code exists, dropped with a notice otherwise.
    type KnownCode = fn(&CatalogueSnapshot, &str) -> bool;
    let areas: [(&mut Option<String>, KnownCode, &str, &str, &'static str); 2] = [
        (
            &mut filter.region,
            CatalogueSnapshot::has_region,
            "region",
            "La région",
            "o.region_code = {}",
        ),
        (
            &mut filter.departement,
            CatalogueSnapshot::has_departement,
            "departement",
            "Le département",
            "o.departement_code = {}",
        ),
    ];
    for (slot, known, field, label, condition) in areas {
        if let Some(code) = slot.take() {
            if known(&snapshot, &code) {
                conditions.push(condition, [Bind::Text(code.clone())]);
                *slot = Some(code);
            } else {
                notices.push(FilterNotice::new(
                    field,
                    format!("{label} « {code} » n'existe pas ; ce filtre a été ignoré."),
                ));
            }
        }
    }
    for word in &filter.words {
        conditions.push(
            "o.search_text LIKE {} ESCAPE '\\'",
            [Bind::Text(format!("%{}%", escape_like(word)))],
        );
    }
    // One connection for the whole search: its queries follow one another.
    let mut conn = db.pool().acquire().await?;
    let mut origin = None;
    if let Some(typed) = filter.commune.clone() {
        match place_typed(&mut conn, &typed).await? {
            Some((place, point)) => {
                let bbox = point.bounding_box(f64::from(filter.radius_km));
                conditions.push(
                    "o.lat BETWEEN {} AND {} AND o.lon BETWEEN {} AND {}",
                    [
                        Bind::Real(bbox.min_lat),
                        Bind::Real(bbox.max_lat),
                        Bind::Real(bbox.min_lon),
                        Bind::Real(bbox.max_lon),
                    ],
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
                    filter.requested_sort = None;
                }
            }
        }
    }

    let (cards, total) = match &origin {
        // Exact distances need every candidate of the bounding box (they are few): the
        // radius, the order and the page are then applied here.
        Some((_, point)) => {
            let sql = format!(
                "SELECT o.id, o.lat, o.lon, o.capacity - o.seats_taken FROM offers o{}",
                conditions.where_sql()
            );
            let rows: Vec<(i64, f64, f64, i64)> = conditions
                .bind_to(sqlx::query_as(&sql))
                .fetch_all(&mut *conn)
                .await?;
            let radius = f64::from(filter.radius_km);
            let mut hits: Vec<(i64, f64, i64)> = rows
                .into_iter()
                .filter_map(|(id, lat, lon, left)| {
                    let km = point.distance_km(Point::new(lat, lon));
                    (km <= radius).then_some((id, km, left))
                })
                .collect();
            match filter.sort {
                OfferSort::Distance => hits.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0))),
                OfferSort::PlacesLeft => hits.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0))),
            }
            let offset = clamp_page(&mut filter, hits.len(), &mut notices);
            let page: Vec<(i64, f64)> = hits
                .iter()
                .skip(offset)
                .take(PAGE_SIZE)
                .map(|h| (h.0, h.1))
                .collect();
            (cards_by_ids(&mut conn, &page).await?, hits.len())
        }
        // Otherwise the database counts, sorts and cuts the page itself.
        None => {
            // Unfiltered, the count is the home page's, kept in the snapshot.
            let total = if conditions.clause_count() == 1 {
                usize::try_from(snapshot.home.offers).unwrap_or_default()
            } else {
                count_offers(&mut conn, &conditions).await?
            };
            let offset = clamp_page(&mut filter, total, &mut notices);
            (
                cards_page(&mut conn, &conditions, offset, PAGE_SIZE).await?,
                total,
            )
        }
    };
    let page_count = page_count(total);
    Ok(OfferResults {
        page: filter.page,
        filter,
        cards,
        total,
        page_count,
        origin: origin.map(|o| o.0),
        notices,
    })
}

fn page_count(total: usize) -> u32 {
    u32::try_from(total.div_ceil(PAGE_SIZE).max(1)).unwrap_or(u32::MAX)
}

/// Brings the filter's page within the results (with a notice) and returns its offset.
fn clamp_page(filter: &mut OfferFilter, total: usize, notices: &mut Vec<FilterNotice>) -> usize {
    let last = page_count(total);
    if filter.page > last {
        notices.push(FilterNotice::new(
            "page",
            format!(
                "La page {} n'existe pas ; la dernière page est affichée.",
                filter.page
            ),
        ));
        filter.page = last;
    }
    (filter.page as usize - 1) * PAGE_SIZE
}

async fn count_offers(conn: &mut AnyConnection, conditions: &Conditions) -> Result<usize> {
    let sql = format!("SELECT COUNT(*) FROM offers o{}", conditions.where_sql());
    let (total,): (i64,) = conditions
        .bind_to(sqlx::query_as(&sql))
        .fetch_one(&mut *conn)
        .await?;
    Ok(usize::try_from(total).unwrap_or_default())
}

/// One page of matching offers, most places left first. The page's ids come from
/// `offers` alone, read in the order of its `offers_left_*` indexes (migration 0005);
/// only those rows are then joined to their names.
async fn cards_page(
    conn: &mut AnyConnection,
    conditions: &Conditions,
    offset: usize,
    limit: usize,
) -> Result<Vec<OfferCard>> {
    let next = conditions.bind_count() + 1;
    let sql = format!(
        "{CARD_SELECT} FROM (SELECT o.id FROM offers o{} ORDER BY {PLACES_LEFT_ORDER} LIMIT ${next} OFFSET ${}) page
         JOIN offers o ON o.id = page.id{CARD_JOINS} ORDER BY {PLACES_LEFT_ORDER}",
        conditions.where_sql(),
        next + 1
    );
    let rows: Vec<CardRow> = conditions
        .bind_to(sqlx::query_as(&sql))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(|r| card_from_row(r, None)).collect())
}

/// The catalogue's order, written as the `offers_left_*` indexes store it.
const PLACES_LEFT_ORDER: &str = "o.capacity - o.seats_taken DESC, o.id";

#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    title: String,
    job_name: String,
    job_slug: String,
    administration_name: String,
    ministry_name: String,
    place_name: String,
    departement_code: String,
    region_name: String,
    capacity: i64,
    seats_taken: i64,
    levels_mask: i64,
}

const CARD_SELECT: &str = concat!(
    "SELECT o.id, o.title, j.name AS job_name, j.slug AS job_slug,
        a.name AS administration_name, m.name AS ministry_name, p.name AS place_name,
        o.departement_code, r.name AS region_name, o.capacity, ",
    seats_shown_taken!(),
    " AS seats_taken, o.levels_mask"
);

const CARD_JOINS: &str = "
    JOIN regions r ON r.code = o.region_code
    JOIN jobs j ON j.id = o.job_id
    JOIN administrations a ON a.id = o.administration_id
    JOIN administrations m ON m.id = o.ministry_id
    JOIN places p ON p.insee_code = o.place_code";

fn card_from_row(row: CardRow, distance_km: Option<f64>) -> OfferCard {
    OfferCard {
        id: row.id,
        title: row.title,
        job_name: row.job_name,
        job_slug: row.job_slug,
        administration_name: row.administration_name,
        ministry_name: row.ministry_name,
        place_name: row.place_name,
        departement_code: row.departement_code,
        region_name: row.region_name,
        capacity: row.capacity,
        places_left: row.capacity - row.seats_taken,
        levels: LevelSet::from_mask(row.levels_mask).unwrap_or(LevelSet::ALL),
        distance_km,
    }
}

/// Cards for the given ids, in the given order.
async fn cards_by_ids(conn: &mut AnyConnection, ids: &[(i64, f64)]) -> Result<Vec<OfferCard>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{CARD_SELECT} FROM offers o{CARD_JOINS} WHERE o.id IN ({})",
        placeholders(ids.len())
    );
    let mut query = sqlx::query_as::<_, CardRow>(&sql);
    for (id, _) in ids {
        query = query.bind(*id);
    }
    let mut rows = query.fetch_all(&mut *conn).await?;
    Ok(ids
        .iter()
        .filter_map(|(id, km)| {
            let at = rows.iter().position(|r| r.id == *id)?;
            Some(card_from_row(rows.swap_remove(at), Some(*km)))
        })
        .collect())
}

/// The published offers of the current edition matching one extra condition, most
/// places left first (job and administration pages), and how many there are.
async fn published_cards(
    db: &Db,
    condition: &'static str,
    value: i64,
    limit: usize,
) -> Result<(Vec<OfferCard>, i64)> {
    let Some((edition_id, _)) = snapshot(db).await?.edition else {
        return Ok((Vec::new(), 0));
    };
    let mut conditions = Conditions::default();
    conditions.push(PUBLISHED, [Bind::Int(edition_id)]);
    conditions.push(condition, [Bind::Int(value)]);
    let mut conn = db.pool().acquire().await?;
    let total = count_offers(&mut conn, &conditions).await?;
    Ok((
        cards_page(&mut conn, &conditions, 0, limit).await?,
        i64::try_from(total).unwrap_or_default(),
    ))
}

/// Count of published offers in the current edition, per value of `column`.
async fn open_offer_counts(db: &Db, column: &'static str) -> Result<Vec<(i64, i64)>> {
    let Some((edition_id, _)) = snapshot(db).await?.edition else {
        return Ok(Vec::new());
    };
    let sql = format!("SELECT {column}, COUNT(*) FROM offers WHERE edition_id = $1 AND status = 'publiee' GROUP BY {column}");
    Ok(sqlx::query_as(&sql)
        .bind(edition_id)
        .fetch_all(db.pool())
        .await?)
}

fn count_for(counts: &[(i64, i64)], id: i64) -> i64 {
    counts.iter().find(|c| c.0 == id).map_or(0, |c| c.1)
}

pub async fn jobs(db: &Db) -> Result<Vec<JobSummary>> {
    let counts = open_offer_counts(db, "job_id").await?;
    let rows: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, slug, name, summary FROM jobs ORDER BY name")
            .fetch_all(db.pool())
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, name, summary)| JobSummary {
            slug,
            name,
            summary,
            open_offers: count_for(&counts, id),
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct JobRow {
    id: i64,
    slug: String,
    name: String,
    summary: String,
    missions: String,
    skills: String,
    studies: String,
    recruitment: String,
}

pub async fn job(db: &Db, slug: &str) -> Result<Option<JobDetail>> {
    let row: Option<JobRow> = sqlx::query_as(
        "SELECT id, slug, name, summary, missions, skills, studies, recruitment FROM jobs WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(db.pool())
    .await?;
    let Some(job) = row else {
        return Ok(None);
    };
    let (offers, open_offers) = published_cards(db, "o.job_id = {}", job.id, 12).await?;
    Ok(Some(JobDetail {
        slug: job.slug,
        name: job.name,
        summary: job.summary,
        missions: job.missions,
        skills: job.skills,
        studies: job.studies,
        recruitment: job.recruitment,
        open_offers,
        offers,
    }))
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
    let rows: Vec<AdminRow> = sqlx::query_as(
        "SELECT id, slug, name, acronym, kind, parent_id FROM administrations ORDER BY name",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .filter(|r| r.5.is_none())
        .map(|ministry| MinistryGroup {
            ministry: admin_summary(ministry, &by_ministry),
            services: rows
                .iter()
                .filter(|r| r.5 == Some(ministry.0))
                .map(|r| admin_summary(r, &by_admin))
                .collect(),
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct AdministrationRow {
    id: i64,
    slug: String,
    name: String,
    acronym: Option<String>,
    kind: String,
    parent_id: Option<i64>,
    description: String,
    website: Option<String>,
}

pub async fn administration(db: &Db, slug: &str) -> Result<Option<AdministrationDetail>> {
    let row: Option<AdministrationRow> = sqlx::query_as(
        "SELECT id, slug, name, acronym, kind, parent_id, description, website FROM administrations WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(db.pool())
    .await?;
    let Some(AdministrationRow {
        id,
        slug,
        name,
        acronym,
        kind,
        parent_id,
        description,
        website,
    }) = row
    else {
        return Ok(None);
    };
    let is_ministry = parent_id.is_none();
    let condition = if is_ministry {
        "o.ministry_id = {}"
    } else {
        "o.administration_id = {}"
    };
    let (offers, open_offers) = published_cards(db, condition, id, 12).await?;
    let parent = match parent_id {
        Some(pid) => sqlx::query_as::<_, (String, String)>(
            "SELECT slug, name FROM administrations WHERE id = $1",
        )
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
        summary: AdministrationSummary {
            slug,
            name,
            acronym,
            kind,
            open_offers,
        },
        description,
        website,
        parent,
        services: children
            .iter()
            .map(|r| admin_summary(r, &by_admin))
            .collect(),
        offers,
    }))
}

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    title: String,
    description: String,
    team: String,
    job_slug: String,
    job_name: String,
    administration_slug: String,
    administration_name: String,
    ministry_slug: String,
    ministry_name: String,
    place_name: String,
    departement_name: String,
    departement_code: String,
    region_name: String,
    address: String,
    capacity: i64,
    seats_taken: i64,
    levels_mask: i64,
    id_check_required: i64,
    step_free_access: i64,
    access_notes: String,
    ambassador_first_name: String,
    ambassador_job_title: Option<String>,
    edition_name: String,
    immersion_on: String,
}

/// A published offer with its programme; `None` for unknown or unpublished offers.
pub async fn offer(db: &Db, id: i64) -> Result<Option<OfferDetail>> {
    offer_detail(db, id, true).await
}

/// An offer in whatever state, as the organisers review it.
pub async fn offer_in_any_state(db: &Db, id: i64) -> Result<Option<OfferDetail>> {
    offer_detail(db, id, false).await
}

async fn offer_detail(db: &Db, id: i64, published_only: bool) -> Result<Option<OfferDetail>> {
    let row: Option<OfferRow> = sqlx::query_as(concat!(
        "SELECT o.id, o.title, o.description, o.team, j.slug AS job_slug, j.name AS job_name,
                a.slug AS administration_slug, a.name AS administration_name,
                m.slug AS ministry_slug, m.name AS ministry_name, p.name AS place_name,
                d.name AS departement_name, o.departement_code, r.name AS region_name, o.address,
                o.capacity, ",
        seats_shown_taken!(),
        " AS seats_taken, o.levels_mask, o.id_check_required, o.step_free_access,
                o.access_notes, u.first_name AS ambassador_first_name,
                ap.job_title AS ambassador_job_title, e.name AS edition_name, e.immersion_on
         FROM offers o
         JOIN jobs j ON j.id = o.job_id
         JOIN administrations a ON a.id = o.administration_id
         JOIN administrations m ON m.id = o.ministry_id
         JOIN places p ON p.insee_code = o.place_code
         JOIN departements d ON d.code = o.departement_code
         JOIN regions r ON r.code = o.region_code
         JOIN users u ON u.id = o.ambassador_id
         LEFT JOIN ambassador_profiles ap ON ap.user_id = o.ambassador_id
         JOIN editions e ON e.id = o.edition_id
         WHERE o.id = $1 AND (o.status = 'publiee' OR $2 = 0)"
    ))
    .bind(id)
    .bind(i64::from(published_only))
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let programme = programme_of(db, id).await?;
    Ok(Some(OfferDetail {
        id: row.id,
        title: row.title,
        description: row.description,
        team: row.team,
        job: NamedLink {
            slug: row.job_slug,
            name: row.job_name,
        },
        administration: NamedLink {
            slug: row.administration_slug,
            name: row.administration_name,
        },
        ministry: NamedLink {
            slug: row.ministry_slug,
            name: row.ministry_name,
        },
        place_name: row.place_name,
        departement_name: row.departement_name,
        departement_code: row.departement_code,
        region_name: row.region_name,
        address: row.address,
        capacity: row.capacity,
        places_left: row.capacity - row.seats_taken,
        levels: LevelSet::from_mask(row.levels_mask).unwrap_or(LevelSet::ALL),
        id_check_required: row.id_check_required == 1,
        step_free_access: row.step_free_access == 1,
        access_notes: row.access_notes,
        ambassador_first_name: row.ambassador_first_name,
        ambassador_job_title: row.ambassador_job_title.unwrap_or_default(),
        edition_name: row.edition_name,
        immersion_on: row.immersion_on,
        programme,
    }))
}

/// The day's programme of an offer, in order.
pub async fn programme_of(db: &Db, offer_id: i64) -> Result<Vec<ProgrammeItem>> {
    let items: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT starts_at, title, details FROM programme_items WHERE offer_id = $1 ORDER BY position",
    )
    .bind(offer_id)
    .fetch_all(db.pool())
    .await?;
    Ok(items
        .into_iter()
        .map(|(starts_at, title, details)| ProgrammeItem {
            starts_at,
            title,
            details,
        })
        .collect())
}
