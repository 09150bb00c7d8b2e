//! Hosting offers: the ambassador's editor, the states an offer goes through and the
//! organisers' validation queue (the catalogue's reads are in `catalogue`). Every change
//! runs in one transaction that starts by writing the offer's row, so concurrent changes
//! to one offer are serialised on both backends, and is written to the audit log.

use super::outbox::{self, OutgoingEmail};
use super::{now_ms, Db, Error, Refusable, Result};
use crate::domain::catalogue::ProgrammeItem;
use crate::domain::level::LevelSet;
use crate::domain::offer::*;
use crate::domain::refusal::Refusal;
use crate::domain::text::fold;
use sqlx::AnyConnection;

#[derive(Clone, Debug)]
pub struct NewOffer {
    pub edition_id: i64,
    pub ambassador_id: i64,
    pub job_id: i64,
    pub administration_id: i64,
    pub place_code: String,
    pub address: String,
    pub title: String,
    pub description: String,
    pub team: String,
    pub capacity: i64,
    pub levels: LevelSet,
    pub id_check_required: bool,
    pub step_free_access: bool,
    pub access_notes: String,
    pub status: &'static str,
    pub programme: Vec<ProgrammeItem>,
}

/// The names around an offer that its denormalised columns are made of.
#[derive(sqlx::FromRow)]
struct OfferContext {
    place: String,
    departement: String,
    region: String,
    lat: f64,
    lon: f64,
    job: String,
    administration: String,
    acronym: Option<String>,
    ministry_id: i64,
    ministry: String,
}

/// Inserts an offer and its programme in one transaction. Place, région, ministry and
/// the folded search text are derived here so the catalogue can filter on plain columns.
pub async fn insert(db: &Db, offer: &NewOffer) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let Some(derived) = derive(
        &mut tx,
        &offer.place_code,
        offer.job_id,
        offer.administration_id,
        &offer.title,
        &offer.description,
    )
    .await?
    else {
        return Err(Error::InvalidData(format!(
            "offre « {} » : commune, métier ou administration inconnus",
            offer.title
        )));
    };
    let id = insert_row(&mut tx, offer, &derived).await?;
    for item in &offer.programme {
        append_item(&mut tx, id, item).await?;
    }
    tx.commit().await?;
    db.invalidate_catalogue();
    Ok(id)
}

/// Writes the offer's row with its denormalised columns.
async fn insert_row(conn: &mut AnyConnection, offer: &NewOffer, derived: &Derived) -> Result<i64> {
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO offers (edition_id, ambassador_id, job_id, administration_id, ministry_id, place_code,
             departement_code, region_code, lat, lon, address, title, description, team, capacity,
             levels_mask, id_check_required, step_free_access, access_notes, status, search_text,
             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
             $21, $22, $22)
         RETURNING id",
    )
    .bind(offer.edition_id)
    .bind(offer.ambassador_id)
    .bind(offer.job_id)
    .bind(offer.administration_id)
    .bind(derived.ministry_id)
    .bind(&offer.place_code)
    .bind(&derived.departement)
    .bind(&derived.region)
    .bind(derived.lat)
    .bind(derived.lon)
    .bind(&offer.address)
    .bind(&offer.title)
    .bind(&offer.description)
    .bind(&offer.team)
    .bind(offer.capacity)
    .bind(offer.levels.mask())
    .bind(i64::from(offer.id_check_required))
    .bind(i64::from(offer.step_free_access))
    .bind(&offer.access_notes)
    .bind(offer.status)
    .bind(&derived.search_text)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// What an offer's place, job and administration imply for its denormalised columns.
struct Derived {
    departement: String,
    region: String,
    lat: f64,
    lon: f64,
    ministry_id: i64,
    search_text: String,
}

/// The denormalised columns of an offer; `None` when its place, job or administration
/// does not exist.
async fn derive(
    conn: &mut AnyConnection,
    place_code: &str,
    job_id: i64,
    administration_id: i64,
    title: &str,
    description: &str,
) -> Result<Option<Derived>> {
    let context: Option<OfferContext> = sqlx::query_as(
        "SELECT p.name AS place, p.departement_code AS departement, d.region_code AS region, p.lat, p.lon,
                j.name AS job, a.name AS administration, a.acronym, a.ministry_id, m.name AS ministry
         FROM places p
         JOIN departements d ON d.code = p.departement_code
         JOIN jobs j ON j.id = $2
         JOIN administrations a ON a.id = $3
         JOIN administrations m ON m.id = a.ministry_id
         WHERE p.insee_code = $1",
    )
    .bind(place_code)
    .bind(job_id)
    .bind(administration_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(context.map(|c| Derived {
        search_text: fold(&format!(
            "{title} {} {} {} {} {} {} {description}",
            c.job,
            c.administration,
            c.acronym.unwrap_or_default(),
            c.ministry,
            c.place,
            c.departement,
        )),
        departement: c.departement,
        region: c.region,
        lat: c.lat,
        lon: c.lon,
        ministry_id: c.ministry_id,
    }))
}

/// Adds a step at the end of an offer's programme.
async fn append_item(conn: &mut AnyConnection, offer_id: i64, item: &ProgrammeItem) -> Result<()> {
    sqlx::query(
        "INSERT INTO programme_items (offer_id, position, starts_at, title, details)
         VALUES ($1, (SELECT COALESCE(MAX(position), -1) + 1 FROM programme_items WHERE offer_id = $1), $2, $3, $4)",
    )
    .bind(offer_id)
    .bind(&item.starts_at)
    .bind(&item.title)
    .bind(&item.details)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes `count` seats of an offer if that many are left; false when it is full.
/// The guarded UPDATE makes the check and the write one atomic step.
pub async fn take_seats(db: &Db, offer_id: i64, count: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE offers SET seats_taken = seats_taken + $2, updated_at = $3
         WHERE id = $1 AND seats_taken + $2 <= capacity",
    )
    .bind(offer_id)
    .bind(count)
    .bind(now_ms())
    .execute(db.pool())
    .await?;
    db.invalidate_catalogue();
    Ok(done.rows_affected() == 1)
}

/// How saving the editor's form ended, when no rule refused it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    /// `sent_back`: a published offer's change sent it back to validation.
    Saved {
        id: i64,
        sent_back: bool,
    },
    /// No such offer of this ambassador.
    NotFound,
    UnknownJob,
    UnknownAdministration,
    /// The capacity asked is below the seats already taken.
    CapacityBelowSeats(i64),
    /// A level the edition does not accept was ticked; these are the edition's.
    LevelsNotAccepted(LevelSet),
}

/// Creates the ambassador's offer in `edition_id` as a draft (`offer_id` = `None`) or
/// updates it. Changing what the organisers checked (job, site, levels, capacity)
/// sends a published offer back to validation.
pub async fn save(
    db: &Db,
    ambassador_id: i64,
    edition_id: i64,
    offer_id: Option<i64>,
    offer: &ValidOffer,
    place_code: &str,
) -> Result<SaveOutcome, Refusable> {
    let mut tx = db.begin_write().await?;
    let edition_id = match offer_id {
        Some(id) => edition_of(&mut tx, id).await?.unwrap_or(edition_id),
        None => edition_id,
    };
    check_edition(&mut tx, edition_id, None).await?;
    let accepted: i64 = sqlx::query_scalar("SELECT levels_mask FROM editions WHERE id = $1")
        .bind(edition_id)
        .fetch_one(&mut *tx)
        .await?;
    let accepted = LevelSet::from_mask(accepted).unwrap_or(LevelSet::ALL);
    if !offer.levels.within(accepted) {
        return Ok(SaveOutcome::LevelsNotAccepted(accepted));
    }
    let job_id: Option<i64> = sqlx::query_scalar("SELECT id FROM jobs WHERE slug = $1")
        .bind(&offer.job)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(job_id) = job_id else {
        return Ok(SaveOutcome::UnknownJob);
    };
    let administration_id: Option<i64> =
        sqlx::query_scalar("SELECT id FROM administrations WHERE slug = $1")
            .bind(&offer.administration)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(administration_id) = administration_id else {
        return Ok(SaveOutcome::UnknownAdministration);
    };
    let Some(derived) = derive(
        &mut tx,
        place_code,
        job_id,
        administration_id,
        &offer.title,
        &offer.description,
    )
    .await?
    else {
        return Err(Error::InvalidData(format!("commune {place_code} inconnue")).into());
    };
    let now = now_ms();
    let (id, sent_back) = match offer_id {
        None => {
            let existing: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM offers WHERE edition_id = $1 AND ambassador_id = $2",
            )
            .bind(edition_id)
            .bind(ambassador_id)
            .fetch_optional(&mut *tx)
            .await?;
            if existing.is_some() {
                return Err(Refusal::OfferAlreadyWritten.into());
            }
            let new = NewOffer {
                edition_id,
                ambassador_id,
                job_id,
                administration_id,
                place_code: place_code.to_string(),
                address: offer.address.clone(),
                title: offer.title.clone(),
                description: offer.description.clone(),
                team: offer.team.clone(),
                capacity: offer.capacity,
                levels: offer.levels,
                id_check_required: offer.id_check_required,
                step_free_access: offer.step_free_access,
                access_notes: offer.access_notes.clone(),
                status: OfferStatus::Draft.as_str(),
                programme: Vec::new(),
            };
            let id = insert_row(&mut tx, &new, &derived).await?;
            super::audit::record(
                &mut tx,
                Some(ambassador_id),
                "offre_creee",
                "offer",
                &id.to_string(),
            )
            .await?;
            (id, false)
        }
        Some(id) => {
            let Some(status) = lock_own_offer(&mut tx, id, Some(ambassador_id)).await? else {
                return Ok(SaveOutcome::NotFound);
            };
            let (old_job, old_place, old_address, old_levels, old_capacity, seats_taken): (i64, String, String, i64, i64, i64) =
                sqlx::query_as(
                    "SELECT job_id, place_code, address, levels_mask, capacity, seats_taken FROM offers WHERE id = $1",
                )
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            let changed: Vec<&str> = [
                ("métier", old_job != job_id),
                ("commune", old_place != place_code),
                ("adresse", old_address != offer.address),
                ("niveaux", old_levels != offer.levels.mask()),
                ("capacité", old_capacity != offer.capacity),
            ]
            .into_iter()
            .filter_map(|(field, changed)| changed.then_some(field))
            .collect();
            let next = status.after_edit(!changed.is_empty())?;
            if offer.capacity < seats_taken {
                return Ok(SaveOutcome::CapacityBelowSeats(seats_taken));
            }
            sqlx::query(
                "UPDATE offers SET job_id = $2, administration_id = $3, ministry_id = $4, place_code = $5,
                     departement_code = $6, region_code = $7, lat = $8, lon = $9, address = $10, title = $11,
                     description = $12, team = $13, capacity = $14, levels_mask = $15, id_check_required = $16,
                     step_free_access = $17, access_notes = $18, status = $19, search_text = $20, updated_at = $21
                 WHERE id = $1",
            )
            .bind(id)
            .bind(job_id)
            .bind(administration_id)
            .bind(derived.ministry_id)
            .bind(place_code)
            .bind(&derived.departement)
            .bind(&derived.region)
            .bind(derived.lat)
            .bind(derived.lon)
            .bind(&offer.address)
            .bind(&offer.title)
            .bind(&offer.description)
            .bind(&offer.team)
            .bind(offer.capacity)
            .bind(offer.levels.mask())
            .bind(i64::from(offer.id_check_required))
            .bind(i64::from(offer.step_free_access))
            .bind(&offer.access_notes)
            .bind(next.as_str())
            .bind(&derived.search_text)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            super::audit::record(
                &mut tx,
                Some(ambassador_id),
                "offre_modifiee",
                "offer",
                &id.to_string(),
            )
            .await?;
            if next != status {
                super::audit::record_with(
                    &mut tx,
                    Some(ambassador_id),
                    "offre_renvoyee_en_validation",
                    "offer",
                    &id.to_string(),
                    &serde_json::json!({ "champs": changed }),
                )
                .await?;
            }
            (id, next != status)
        }
    };
    tx.commit().await?;
    db.invalidate_catalogue();
    Ok(SaveOutcome::Saved { id, sent_back })
}

/// The edition of an offer; `None` when there is no such offer.
async fn edition_of(tx: &mut AnyConnection, offer_id: i64) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT edition_id FROM offers WHERE id = $1")
            .bind(offer_id)
            .fetch_optional(&mut *tx)
            .await?,
    )
}

/// Locks the offer's edition for a change to the offer: refused once the pairs are
/// announced (a withdrawal aside, which only an offer without a student passes), and a
/// submission outside the ambassadors' window.
async fn check_edition(
    tx: &mut AnyConnection,
    edition_id: i64,
    action: Option<OfferAction>,
) -> Result<(), Refusable> {
    let Some((status, calendar)) = super::editions::lock(tx, edition_id).await? else {
        return Err(Refusal::NoEditionInProgress.into());
    };
    if status.is_announced() && action != Some(OfferAction::Withdraw) {
        return Err(Refusal::OfferFrozen.into());
    }
    if action == Some(OfferAction::Submit) {
        calendar.ambassadors_window(crate::domain::date::Date::paris_from_unix_ms(now_ms()))?;
    }
    Ok(())
}

/// Writes the offer's row first (which serialises concurrent changes to it) and reads
/// its state; `None` when there is no such offer (of `owner`, when given).
async fn lock_own_offer(
    tx: &mut AnyConnection,
    offer_id: i64,
    owner: Option<i64>,
) -> Result<Option<OfferStatus>> {
    let locked = sqlx::query(
        "UPDATE offers SET updated_at = $3 WHERE id = $1 AND ambassador_id = COALESCE($2, ambassador_id)",
    )
    .bind(offer_id)
    .bind(owner)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if locked == 0 {
        return Ok(None);
    }
    let status: String = sqlx::query_scalar("SELECT status FROM offers WHERE id = $1")
        .bind(offer_id)
        .fetch_one(&mut *tx)
        .await?;
    OfferStatus::parse(&status)
        .map(Some)
        .ok_or_else(|| Error::InvalidData(format!("statut d'offre inconnu : {status}")))
}

/// Who an offer's notices go to.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OfferParties {
    pub offer_id: i64,
    pub title: String,
    pub ambassador_email: String,
    pub ambassador_first_name: String,
}

/// Moves an offer to the state `action` leads to, with the audit entry (who, and the
/// reason of a refusal) and the notice `notify` writes, in one transaction. `owner`
/// restricts the offer to one ambassador's. False when there is no such offer.
pub async fn transition(
    db: &Db,
    actor_id: i64,
    offer_id: i64,
    owner: Option<i64>,
    action: OfferAction,
    reason: Option<&str>,
    notify: impl FnOnce(&OfferParties) -> Option<OutgoingEmail>,
) -> Result<bool, Refusable> {
    let mut tx = db.begin_write().await?;
    let Some(edition_id) = edition_of(&mut tx, offer_id).await? else {
        return Ok(false);
    };
    check_edition(&mut tx, edition_id, Some(action)).await?;
    let Some(status) = lock_own_offer(&mut tx, offer_id, owner).await? else {
        return Ok(false);
    };
    let next = status.after(action)?;
    match action {
        OfferAction::Submit => {
            let (items, profile_complete): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM programme_items WHERE offer_id = o.id),
                        (SELECT COUNT(*) FROM ambassador_profiles p
                         WHERE p.user_id = o.ambassador_id AND p.administration_id IS NOT NULL AND p.presentation <> '')
                 FROM offers o WHERE o.id = $1",
            )
            .bind(offer_id)
            .fetch_one(&mut *tx)
            .await?;
            if items == 0 {
                return Err(Refusal::ProgrammeEmpty.into());
            }
            if profile_complete == 0 {
                return Err(Refusal::AmbassadorProfileIncomplete.into());
            }
        }
        OfferAction::Withdraw => {
            let pairs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pairs WHERE offer_id = $1")
                .bind(offer_id)
                .fetch_one(&mut *tx)
                .await?;
            if pairs > 0 {
                return Err(Refusal::OfferHasPairs.into());
            }
        }
        _ => {}
    }
    sqlx::query(
        "UPDATE offers SET status = $2,
             rejection_reason = CASE WHEN $2 = 'refusee' THEN $3 WHEN $2 IN ('soumise', 'publiee') THEN NULL
                                     ELSE rejection_reason END
         WHERE id = $1",
    )
    .bind(offer_id)
    .bind(next.as_str())
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    super::audit::record_with(
        &mut tx,
        Some(actor_id),
        action.audit_name(),
        "offer",
        &offer_id.to_string(),
        &match reason {
            Some(reason) => serde_json::json!({ "raison": reason }),
            None => serde_json::json!({}),
        },
    )
    .await?;
    let parties: OfferParties = sqlx::query_as(
        "SELECT o.id AS offer_id, o.title, u.email AS ambassador_email, u.first_name AS ambassador_first_name
         FROM offers o JOIN users u ON u.id = o.ambassador_id WHERE o.id = $1",
    )
    .bind(offer_id)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(email) = notify(&parties) {
        outbox::enqueue(&mut tx, &email).await?;
    }
    tx.commit().await?;
    db.invalidate_catalogue();
    Ok(true)
}

/// The ambassador's offer in `edition_id`, if written.
pub async fn offer_of(db: &Db, edition_id: i64, ambassador_id: i64) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM offers WHERE edition_id = $1 AND ambassador_id = $2")
            .bind(edition_id)
            .bind(ambassador_id)
            .fetch_optional(db.pool())
            .await?,
    )
}

#[derive(sqlx::FromRow)]
struct OwnOfferRow {
    id: i64,
    status: String,
    rejection_reason: Option<String>,
    seats_taken: i64,
    edition_name: String,
    job: String,
    administration: String,
    title: String,
    place_name: String,
    departement_code: String,
    address: String,
    capacity: i64,
    levels_mask: i64,
    id_check_required: i64,
    step_free_access: i64,
    access_notes: String,
    description: String,
    team: String,
}

/// One of the ambassador's offers, as its editor shows it.
pub async fn own_offer(db: &Db, ambassador_id: i64, offer_id: i64) -> Result<Option<OwnOffer>> {
    let row: Option<OwnOfferRow> = sqlx::query_as(
        "SELECT o.id, o.status, o.rejection_reason, o.seats_taken, e.name AS edition_name, j.slug AS job,
                a.slug AS administration, o.title, p.name AS place_name, p.departement_code, o.address,
                o.capacity, o.levels_mask, o.id_check_required, o.step_free_access, o.access_notes,
                o.description, o.team
         FROM offers o
         JOIN editions e ON e.id = o.edition_id
         JOIN jobs j ON j.id = o.job_id
         JOIN administrations a ON a.id = o.administration_id
         JOIN places p ON p.insee_code = o.place_code
         WHERE o.id = $1 AND o.ambassador_id = $2",
    )
    .bind(offer_id)
    .bind(ambassador_id)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let status = OfferStatus::parse(&row.status)
        .ok_or_else(|| Error::InvalidData(format!("statut d'offre inconnu : {}", row.status)))?;
    let items: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, starts_at, title, details FROM programme_items WHERE offer_id = $1 ORDER BY position",
    )
    .bind(offer_id)
    .fetch_all(db.pool())
    .await?;
    let [level_2, level_3, level_4, level_5] = LevelSet::from_mask(row.levels_mask)
        .unwrap_or(LevelSet::ALL)
        .checkboxes();
    let flag = |on: bool| if on { "on".to_string() } else { String::new() };
    Ok(Some(OwnOffer {
        id: row.id,
        status,
        rejection_reason: row.rejection_reason,
        seats_taken: row.seats_taken,
        edition_name: row.edition_name,
        form: OfferForm {
            job: row.job,
            administration: row.administration,
            title: row.title,
            commune: format!("{} ({})", row.place_name, row.departement_code),
            address: row.address,
            capacity: row.capacity.to_string(),
            level_2,
            level_3,
            level_4,
            level_5,
            id_check_required: flag(row.id_check_required == 1),
            step_free_access: flag(row.step_free_access == 1),
            access_notes: row.access_notes,
            description: row.description,
            team: row.team,
        },
        programme: items
            .into_iter()
            .map(|(id, starts_at, title, details)| StoredProgrammeItem {
                id,
                item: ProgrammeItem {
                    starts_at,
                    title,
                    details,
                },
            })
            .collect(),
    }))
}

/// Adds a step at the end of the ambassador's offer's programme; false when the offer
/// is not theirs.
pub async fn add_programme_item(
    db: &Db,
    ambassador_id: i64,
    offer_id: i64,
    item: &ProgrammeItem,
) -> Result<bool, Refusable> {
    let mut tx = db.begin_write().await?;
    let Some(edition_id) = edition_of(&mut tx, offer_id).await? else {
        return Ok(false);
    };
    check_edition(&mut tx, edition_id, None).await?;
    let Some(status) = lock_own_offer(&mut tx, offer_id, Some(ambassador_id)).await? else {
        return Ok(false);
    };
    status.after_edit(false)?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM programme_items WHERE offer_id = $1")
        .bind(offer_id)
        .fetch_one(&mut *tx)
        .await?;
    if count >= PROGRAMME_MAX_ITEMS as i64 {
        return Err(Refusal::ProgrammeFull {
            max: PROGRAMME_MAX_ITEMS,
        }
        .into());
    }
    append_item(&mut tx, offer_id, item).await?;
    tx.commit().await?;
    Ok(true)
}

/// How the ambassador changes one step of their programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemChange {
    Remove,
    MoveUp,
    MoveDown,
}

/// Removes or moves one step of the ambassador's programme; returns its offer, `None`
/// when the step is not theirs. Moving the first step up (or the last down) changes
/// nothing.
pub async fn change_programme_item(
    db: &Db,
    ambassador_id: i64,
    item_id: i64,
    change: ItemChange,
) -> Result<Option<i64>, Refusable> {
    let mut tx = db.begin_write().await?;
    let item: Option<(i64, i64)> = sqlx::query_as(
        "SELECT i.offer_id, i.position FROM programme_items i JOIN offers o ON o.id = i.offer_id
         WHERE i.id = $1 AND o.ambassador_id = $2",
    )
    .bind(item_id)
    .bind(ambassador_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((offer_id, position)) = item else {
        return Ok(None);
    };
    if let Some(edition_id) = edition_of(&mut tx, offer_id).await? {
        check_edition(&mut tx, edition_id, None).await?;
    }
    let Some(status) = lock_own_offer(&mut tx, offer_id, Some(ambassador_id)).await? else {
        return Ok(None);
    };
    status.after_edit(false)?;
    let neighbour_sql = match change {
        ItemChange::Remove => {
            sqlx::query("DELETE FROM programme_items WHERE id = $1")
                .bind(item_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok(Some(offer_id));
        }
        ItemChange::MoveUp => {
            "SELECT id, position FROM programme_items WHERE offer_id = $1 AND position < $2
             ORDER BY position DESC LIMIT 1"
        }
        ItemChange::MoveDown => {
            "SELECT id, position FROM programme_items WHERE offer_id = $1 AND position > $2
             ORDER BY position LIMIT 1"
        }
    };
    let neighbour: Option<(i64, i64)> = sqlx::query_as(neighbour_sql)
        .bind(offer_id)
        .bind(position)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some((other_id, other_position)) = neighbour {
        // Through a free position: (offer, position) is unique at every step.
        for (id, to) in [
            (item_id, None),
            (other_id, Some(position)),
            (item_id, Some(other_position)),
        ] {
            sqlx::query(
                "UPDATE programme_items SET position = COALESCE($2,
                     (SELECT MAX(position) + 1 FROM programme_items WHERE offer_id = $3))
                 WHERE id = $1",
            )
            .bind(id)
            .bind(to)
            .bind(offer_id)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(Some(offer_id))
}

/// The offers waiting for an organiser's decision, oldest first.
pub async fn review_queue(db: &Db) -> Result<Vec<OfferUnderReview>> {
    waiting(db, None).await
}

/// The offer `offer_id` if it is waiting for a decision.
pub async fn waiting_offer(db: &Db, offer_id: i64) -> Result<Option<OfferUnderReview>> {
    Ok(waiting(db, Some(offer_id)).await?.into_iter().next())
}

async fn waiting(db: &Db, only: Option<i64>) -> Result<Vec<OfferUnderReview>> {
    Ok(
        sqlx::query_as::<_, (i64, String, String, String, String, String, String, i64)>(
            "SELECT o.id, o.title, u.first_name || ' ' || u.last_name, u.email, a.name,
                p.name || ' (' || p.departement_code || ')', e.name, o.updated_at
         FROM offers o
         JOIN users u ON u.id = o.ambassador_id
         JOIN administrations a ON a.id = o.administration_id
         JOIN places p ON p.insee_code = o.place_code
         JOIN editions e ON e.id = o.edition_id
         WHERE o.status = 'soumise' AND o.id = COALESCE($1, o.id)
         ORDER BY o.updated_at, o.id",
        )
        .bind(only)
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(
            |(
                id,
                title,
                ambassador_name,
                ambassador_email,
                administration,
                place,
                edition_name,
                updated_at,
            )| {
                OfferUnderReview {
                    id,
                    title,
                    ambassador_name,
                    ambassador_email,
                    administration,
                    place,
                    edition_name,
                    updated_at,
                }
            },
        )
        .collect(),
    )
}

/// An offer's state, whoever it belongs to.
pub async fn status(db: &Db, offer_id: i64) -> Result<Option<OfferStatus>> {
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM offers WHERE id = $1")
        .bind(offer_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(status.as_deref().and_then(OfferStatus::parse))
}

/// An ambassador's offers still proposed (submitted or published) in editions not
/// finished, without a student: withdrawn when the account is deleted.
pub async fn withdrawable_offers_of(db: &Db, ambassador_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT o.id FROM offers o JOIN editions e ON e.id = o.edition_id
         WHERE o.ambassador_id = $1 AND o.status IN ('soumise', 'publiee')
           AND e.status NOT IN ('terminee', 'archivee')
           AND NOT EXISTS (SELECT 1 FROM pairs p WHERE p.offer_id = o.id)
         ORDER BY o.id",
    )
    .bind(ambassador_id)
    .fetch_all(db.pool())
    .await?)
}
