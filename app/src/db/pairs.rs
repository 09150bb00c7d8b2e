//! An announced pair's life: each side confirms or declines it (a decline frees the
//! seat and is kept for the organisers, who may pair the student again by hand), the
//! ambassador marks attendance and both give feedback from the immersion day.

use super::outbox::{self, OutgoingEmail};
use super::pairing::{Announcement, ANNOUNCEMENTS};
use super::{now_ms, Db, Refusable, Result};
use crate::domain::date::Date;
use crate::domain::pair::*;
use crate::domain::refusal::Refusal;
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct PairRow {
    pair_id: i64,
    offer_id: i64,
    offer_title: String,
    address: String,
    place: String,
    immersion_on: String,
    student_name: String,
    student_email: String,
    student_level: Option<i64>,
    student_school: Option<String>,
    student_curriculum: Option<String>,
    motivation: Option<String>,
    ambassador_name: String,
    ambassador_email: String,
    ambassador_phone: Option<String>,
    student_confirmed_at: Option<i64>,
    ambassador_confirmed_at: Option<i64>,
    attendance: Option<String>,
}

/// The announced pairs `user` is part of, on `side`.
pub async fn pairs_of(
    db: &Db,
    edition_id: i64,
    side: PairSide,
    user: i64,
) -> Result<Vec<PairView>> {
    let whose = match side {
        PairSide::Student => "p.student_id = $2",
        _ => "o.ambassador_id = $2",
    };
    let rows: Vec<PairRow> = sqlx::query_as(&format!(
        "SELECT p.id AS pair_id, o.id AS offer_id, o.title AS offer_title, o.address, pl.name AS place,
                e.immersion_on, s.first_name || ' ' || s.last_name AS student_name, s.email AS student_email,
                sp.level AS student_level, sp.school AS student_school, sp.curriculum AS student_curriculum,
                ap2.motivation, a.first_name || ' ' || a.last_name AS ambassador_name,
                a.email AS ambassador_email, amb.phone AS ambassador_phone,
                p.student_confirmed_at, p.ambassador_confirmed_at, p.attendance
         FROM pairs p
         JOIN offers o ON o.id = p.offer_id
         JOIN editions e ON e.id = p.edition_id
         JOIN places pl ON pl.insee_code = o.place_code
         JOIN users s ON s.id = p.student_id
         JOIN users a ON a.id = o.ambassador_id
         LEFT JOIN student_profiles sp ON sp.user_id = s.id
         LEFT JOIN applications ap2 ON ap2.edition_id = p.edition_id AND ap2.student_id = s.id
         LEFT JOIN ambassador_profiles amb ON amb.user_id = a.id
         WHERE p.edition_id = $1 AND p.published_at IS NOT NULL AND {whose}
         ORDER BY s.last_name, s.first_name, p.id"
    ))
    .bind(edition_id)
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let programme = super::catalogue::programme_of(db, row.offer_id).await?;
        let my_feedback: Option<(i64, String)> = sqlx::query_as(
            "SELECT rating, comment FROM feedback WHERE pair_id = $1 AND author_id = $2",
        )
        .bind(row.pair_id)
        .bind(user)
        .fetch_optional(db.pool())
        .await?;
        views.push(PairView {
            day_has_come: day_has_come(&row.immersion_on, today()),
            pair_id: row.pair_id,
            offer_id: row.offer_id,
            offer_title: row.offer_title,
            address: row.address,
            place: row.place,
            immersion_on: row.immersion_on,
            programme,
            student_name: row.student_name,
            student_email: row.student_email,
            student_level: row.student_level,
            student_school: row.student_school,
            student_curriculum: row.student_curriculum,
            motivation: row.motivation.unwrap_or_default(),
            ambassador_name: row.ambassador_name,
            ambassador_email: row.ambassador_email,
            ambassador_phone: row.ambassador_phone,
            student_confirmed: row.student_confirmed_at.is_some(),
            ambassador_confirmed: row.ambassador_confirmed_at.is_some(),
            attended: row.attendance.map(|a| a == "present"),
            my_feedback,
        });
    }
    Ok(views)
}

/// The announced pair `pair_id` if `user` is on `side` of it (an organiser: any pair of
/// the edition): its student, offer and immersion day.
async fn own_pair(
    tx: &mut AnyConnection,
    edition_id: i64,
    side: PairSide,
    user: i64,
    pair_id: i64,
) -> Result<Option<(i64, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT p.student_id, p.offer_id, e.immersion_on FROM pairs p
         JOIN offers o ON o.id = p.offer_id JOIN editions e ON e.id = p.edition_id
         WHERE p.id = $1 AND p.edition_id = $2 AND p.published_at IS NOT NULL
           AND ($3 = 'organisation' OR ($3 = 'etudiant' AND p.student_id = $4)
                OR ($3 = 'ambassadeur' AND o.ambassador_id = $4))",
    )
    .bind(pair_id)
    .bind(edition_id)
    .bind(side.as_str())
    .bind(user)
    .fetch_optional(&mut *tx)
    .await?)
}

/// Today in Paris: the day the pair's rules compare with the immersion day.
fn today() -> Date {
    Date::paris_from_unix_ms(now_ms())
}

/// Confirms the pair for `side`; false when it is not theirs.
pub async fn confirm(
    db: &Db,
    edition_id: i64,
    side: PairSide,
    user: i64,
    pair_id: i64,
) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    if own_pair(&mut tx, edition_id, side, user, pair_id)
        .await?
        .is_none()
        || side == PairSide::Organiser
    {
        return Ok(false);
    }
    let column = match side {
        PairSide::Student => "student_confirmed_at",
        _ => "ambassador_confirmed_at",
    };
    sqlx::query(&format!(
        "UPDATE pairs SET {column} = COALESCE({column}, $1) WHERE id = $2"
    ))
    .bind(now_ms())
    .bind(pair_id)
    .execute(&mut *tx)
    .await?;
    super::audit::record_with(
        &mut tx,
        Some(user),
        "binome_confirme",
        "pair",
        &pair_id.to_string(),
        &serde_json::json!({ "cote": side.as_str() }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Ends the pair: one side declines it, or an organiser undoes it, with the reason.
/// The seat goes back to the offer, the student is without a pair again, the decline
/// is kept for the organisers and `notify` writes what the others are told. Refused
/// from the immersion day. False when the pair is not theirs.
pub async fn decline(
    db: &Db,
    edition_id: i64,
    side: PairSide,
    user: i64,
    pair_id: i64,
    reason: &str,
    notify: impl FnOnce(&Announcement) -> Vec<OutgoingEmail>,
) -> Result<bool, Refusable> {
    let mut tx = db.begin_write().await?;
    super::pairing::lock_edition(&mut tx, edition_id).await?;
    let Some((student_id, offer_id, immersion_on)) =
        own_pair(&mut tx, edition_id, side, user, pair_id).await?
    else {
        return Ok(false);
    };
    if day_has_come(&immersion_on, today()) {
        return Err(Refusal::PairDayHasCome.into());
    }
    let parties: Announcement = sqlx::query_as(&format!("{ANNOUNCEMENTS} WHERE p.id = $1"))
        .bind(pair_id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM pairs WHERE id = $1")
        .bind(pair_id)
        .execute(&mut *tx)
        .await?;
    super::pairing::release_seat(&mut tx, offer_id).await?;
    let now = now_ms();
    sqlx::query(
        "UPDATE applications SET status = 'sans_binome', updated_at = $1
         WHERE edition_id = $2 AND student_id = $3 AND status = 'en_binome'",
    )
    .bind(now)
    .bind(edition_id)
    .bind(student_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO pair_declines (edition_id, student_id, offer_id, side, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(edition_id)
    .bind(student_id)
    .bind(offer_id)
    .bind(side.as_str())
    .bind(reason)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    super::audit::record_with(
        &mut tx,
        Some(user),
        "binome_decline",
        "pair",
        &pair_id.to_string(),
        &serde_json::json!({ "cote": side.as_str(), "raison": reason }),
    )
    .await?;
    for email in notify(&parties) {
        outbox::enqueue(&mut tx, &email).await?;
    }
    tx.commit().await?;
    db.invalidate_catalogue();
    Ok(true)
}

/// The ambassador marks the student present or absent, from the immersion day.
pub async fn mark_attendance(
    db: &Db,
    edition_id: i64,
    ambassador: i64,
    pair_id: i64,
    attended: bool,
) -> Result<bool, Refusable> {
    let mut tx = db.begin_write().await?;
    let Some((_, _, immersion_on)) = own_pair(
        &mut tx,
        edition_id,
        PairSide::Ambassador,
        ambassador,
        pair_id,
    )
    .await?
    else {
        return Ok(false);
    };
    if !day_has_come(&immersion_on, today()) {
        return Err(Refusal::PairDayNotYet.into());
    }
    let value = if attended { "present" } else { "absent" };
    sqlx::query("UPDATE pairs SET attendance = $1 WHERE id = $2")
        .bind(value)
        .bind(pair_id)
        .execute(&mut *tx)
        .await?;
    super::audit::record_with(
        &mut tx,
        Some(ambassador),
        "binome_presence",
        "pair",
        &pair_id.to_string(),
        &serde_json::json!({ "presence": value }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Records (or replaces) the feedback of `user` on their pair, from the immersion day.
pub async fn give_feedback(
    db: &Db,
    edition_id: i64,
    side: PairSide,
    user: i64,
    pair_id: i64,
    rating: i64,
    comment: &str,
) -> Result<bool, Refusable> {
    let mut tx = db.begin_write().await?;
    let Some((_, _, immersion_on)) = own_pair(&mut tx, edition_id, side, user, pair_id).await?
    else {
        return Ok(false);
    };
    if side == PairSide::Organiser {
        return Ok(false);
    }
    if !day_has_come(&immersion_on, today()) {
        return Err(Refusal::PairDayNotYet.into());
    }
    sqlx::query(
        "INSERT INTO feedback (pair_id, author_id, rating, comment, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (pair_id, author_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment",
    )
    .bind(pair_id)
    .bind(user)
    .bind(rating)
    .bind(comment)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The edition's declines, the latest first, and whether each student is still
/// without a pair.
pub async fn declines(db: &Db, edition_id: i64) -> Result<Vec<DeclineLine>> {
    let rows: Vec<(i64, String, i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT d.student_id, s.first_name || ' ' || s.last_name, d.offer_id, o.title, d.side, d.reason,
                (SELECT COUNT(*) FROM pairs p WHERE p.edition_id = d.edition_id AND p.student_id = d.student_id)
         FROM pair_declines d JOIN users s ON s.id = d.student_id JOIN offers o ON o.id = d.offer_id
         WHERE d.edition_id = $1 ORDER BY d.id DESC",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(student_id, student, offer_id, offer_title, side, reason, pairs)| DeclineLine {
                student_id,
                student,
                offer_id,
                offer_title,
                side: PairSide::parse(&side).unwrap_or(PairSide::Organiser),
                reason,
                student_unpaired: pairs == 0,
            },
        )
        .collect())
}

/// Every feedback of the edition, for the organisers.
pub async fn feedback(db: &Db, edition_id: i64) -> Result<Vec<FeedbackLine>> {
    let rows: Vec<(i64, String, String, String, i64, String)> = sqlx::query_as(
        "SELECT f.pair_id, u.role, u.first_name || ' ' || u.last_name, o.title, f.rating, f.comment
         FROM feedback f JOIN pairs p ON p.id = f.pair_id JOIN offers o ON o.id = p.offer_id
         JOIN users u ON u.id = f.author_id
         WHERE p.edition_id = $1 ORDER BY f.id",
    )
    .bind(edition_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(pair_id, role, author, offer_title, rating, comment)| FeedbackLine {
                pair_id,
                side: if role == "etudiant" {
                    PairSide::Student
                } else {
                    PairSide::Ambassador
                },
                author,
                offer_title,
                rating,
                comment,
            },
        )
        .collect())
}

/// One page of the edition's pairs with how each day went, by student name, and the
/// number of pairs: the organisers' review of an edition, past ones included.
pub async fn reviewed(
    db: &Db,
    edition_id: i64,
    page: usize,
    per_page: usize,
) -> Result<(Vec<ReviewedPair>, i64)> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pairs WHERE edition_id = $1")
        .bind(edition_id)
        .fetch_one(db.pool())
        .await?;
    type Row = (
        String,
        String,
        i64,
        String,
        Option<i64>,
        Option<i64>,
        Option<String>,
        Option<i64>,
        Option<i64>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.first_name || ' ' || s.last_name, a.first_name || ' ' || a.last_name, o.id, o.title,
                p.student_confirmed_at, p.ambassador_confirmed_at, p.attendance,
                (SELECT f.rating FROM feedback f WHERE f.pair_id = p.id AND f.author_id = p.student_id),
                (SELECT f.rating FROM feedback f WHERE f.pair_id = p.id AND f.author_id = o.ambassador_id)
         FROM pairs p JOIN users s ON s.id = p.student_id JOIN offers o ON o.id = p.offer_id
         JOIN users a ON a.id = o.ambassador_id
         WHERE p.edition_id = $1 ORDER BY s.last_name, s.first_name, p.id LIMIT $2 OFFSET $3",
    )
    .bind(edition_id)
    .bind(i64::try_from(per_page).unwrap_or(i64::MAX))
    .bind(i64::try_from(page.saturating_mul(per_page)).unwrap_or(i64::MAX))
    .fetch_all(db.pool())
    .await?;
    let pairs = rows
        .into_iter()
        .map(
            |(
                student,
                ambassador,
                offer_id,
                offer_title,
                by_student,
                by_ambassador,
                attendance,
                student_rating,
                ambassador_rating,
            )| {
                ReviewedPair {
                    student,
                    ambassador,
                    offer_id,
                    offer_title,
                    student_confirmed: by_student.is_some(),
                    ambassador_confirmed: by_ambassador.is_some(),
                    attended: attendance.map(|a| a == "present"),
                    student_rating,
                    ambassador_rating,
                }
            },
        )
        .collect();
    Ok((pairs, total))
}

/// The announced pairs of `user` (either side) in editions not finished yet: the ones a
/// deleted account declines first, so that the other side is told.
pub async fn announced_pairs_to_come(db: &Db, user: i64) -> Result<Vec<(i64, i64, PairSide)>> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT p.edition_id, p.id, CASE WHEN p.student_id = $1 THEN 'etudiant' ELSE 'ambassadeur' END
         FROM pairs p JOIN offers o ON o.id = p.offer_id JOIN editions e ON e.id = p.edition_id
         WHERE p.published_at IS NOT NULL AND e.status NOT IN ('terminee', 'archivee')
           AND (p.student_id = $1 OR o.ambassador_id = $1)
         ORDER BY p.id",
    )
    .bind(user)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(edition, pair, side)| Some((edition, pair, PairSide::parse(&side)?)))
        .collect())
}
