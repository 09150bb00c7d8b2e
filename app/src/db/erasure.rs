//! The right to erasure: an account deleted by its owner, and the purge of an edition's
//! personal data its retention delay (set per edition) after the immersion day. Both anonymise rather than
//! delete: the rows that the programme's figures count (applications, pairs, coaching,
//! attendance, ratings) stay, tied to an account that no longer names anyone.

use super::{now_ms, Db, Result};
use crate::domain::date::Date;
use sqlx::AnyConnection;

/// The address an anonymised account keeps: unique, and never deliverable.
fn erased_email(user_id: i64) -> String {
    format!("compte-supprime-{user_id}@supprime.invalid")
}

/// Anonymises one account: name, address, password, profiles' free texts and commune
/// (replaced by the first commune of its département, for the figures by département),
/// its own texts (motivation, reviews, offers and their programme, reasons of declines),
/// and removes its sessions, links, second factor
/// and messages. False when already anonymised.
async fn anonymise(tx: &mut AnyConnection, user_id: i64, reason: &str) -> Result<bool> {
    let email: Option<String> =
        sqlx::query_scalar("SELECT email FROM users WHERE id = $1 AND deleted_at IS NULL")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(email) = email else {
        return Ok(false);
    };
    sqlx::query(
        "UPDATE users SET email = $1, first_name = 'Compte', last_name = 'supprimé',
                password_hash = NULL, email_verified_at = NULL, deleted_at = $2
         WHERE id = $3",
    )
    .bind(erased_email(user_id))
    .bind(now_ms())
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    let statements = [
        "UPDATE student_profiles SET school = '', curriculum = '',
                place_code = (SELECT MIN(p.insee_code) FROM places p WHERE p.departement_code =
                    (SELECT q.departement_code FROM places q WHERE q.insee_code = student_profiles.place_code))
         WHERE user_id = $1",
        "UPDATE ambassador_profiles SET job_title = '', phone = NULL, presentation = '' WHERE user_id = $1",
        "UPDATE applications SET motivation = '' WHERE student_id = $1",
        "UPDATE feedback SET comment = '' WHERE author_id = $1",
        // An ambassador's offers: what they wrote, the workplace's address included.
        "UPDATE offers SET title = 'Offre d''un compte supprimé', description = '', team = '',
                address = '', access_notes = '', search_text = ''
         WHERE ambassador_id = $1",
        "UPDATE programme_items SET title = '', details = ''
         WHERE offer_id IN (SELECT id FROM offers WHERE ambassador_id = $1)",
        "UPDATE pair_declines SET reason = ''
         WHERE student_id = $1 OR offer_id IN (SELECT id FROM offers WHERE ambassador_id = $1)",
        "DELETE FROM sessions WHERE user_id = $1",
        "DELETE FROM email_tokens WHERE user_id = $1",
        "DELETE FROM recovery_codes WHERE user_id = $1",
        "DELETE FROM second_factors WHERE user_id = $1",
    ];
    for statement in statements {
        sqlx::query(statement)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM notification_outbox WHERE recipient = $1")
        .bind(&email)
        .execute(&mut *tx)
        .await?;
    super::audit::record_with(
        tx,
        None,
        "compte_anonymise",
        "user",
        &user_id.to_string(),
        &serde_json::json!({ "motif": reason }),
    )
    .await?;
    Ok(true)
}

/// Deletes an account at its owner's request (its pairs to come were declined first, so
/// that the other side was told): anonymised at once.
pub async fn delete_account(db: &Db, user_id: i64) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    super::audit::record(
        &mut tx,
        Some(user_id),
        "compte_supprime",
        "user",
        &user_id.to_string(),
    )
    .await?;
    let done = anonymise(&mut tx, user_id, "suppression").await?;
    tx.commit().await?;
    db.invalidate_catalogue();
    Ok(done)
}

/// What the purge of one edition does (or, in a dry run, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EditionPurge {
    pub edition_id: i64,
    pub name: String,
    pub immersion_on: String,
    /// Students and ambassadors of the edition anonymised.
    pub accounts_anonymised: u64,
    /// Those kept: they take part in an edition still within its delay.
    pub accounts_kept: u64,
    /// Free texts emptied: motivations, reviews, reasons of declines.
    pub texts_emptied: u64,
}

/// The people of an edition: its students (an application) and its ambassadors (an
/// offer), organisers never; with whether they also take part in an edition whose data
/// is kept (`{kept}`: not purged, and not to be purged now), then their account stays.
const PARTICIPANTS: &str = "
    SELECT u.id,
           CASE WHEN EXISTS (
               SELECT 1 FROM editions e
               WHERE e.id IN ({kept})
                 AND (EXISTS (SELECT 1 FROM applications a WHERE a.edition_id = e.id AND a.student_id = u.id)
                      OR EXISTS (SELECT 1 FROM offers o WHERE o.edition_id = e.id AND o.ambassador_id = u.id))
           ) THEN 1 ELSE 0 END
    FROM users u
    WHERE u.deleted_at IS NULL AND u.role <> 'organisateur'
      AND (EXISTS (SELECT 1 FROM applications a WHERE a.edition_id = $1 AND a.student_id = u.id)
           OR EXISTS (SELECT 1 FROM offers o WHERE o.edition_id = $1 AND o.ambassador_id = u.id))
    ORDER BY u.id";

/// Anonymises the personal data of every finished edition (terminée or archivée) whose
/// immersion day is more than its own retention delay before `today`, and that was not
/// purged yet; nothing else. A dry run changes nothing and tells the same figures. One
/// transaction per edition, which checks again that no other process purged it.
pub async fn purge(db: &Db, today: Date, dry_run: bool) -> Result<Vec<EditionPurge>> {
    let all: Vec<(i64, String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, status, immersion_on, personal_data_retention_days, personal_data_purged_at
         FROM editions ORDER BY immersion_on, id",
    )
    .fetch_all(db.pool())
    .await?;
    let due = |status: &str, immersion_on: &str, days: i64| {
        matches!(status, "terminee" | "archivee")
            && Date::parse(immersion_on)
                .is_some_and(|day| day.add_days(days).to_days() < today.to_days())
    };
    let editions: Vec<(i64, String, String)> = all
        .iter()
        .filter(|(_, _, status, immersion_on, days, purged)| {
            purged.is_none() && due(status, immersion_on, *days)
        })
        .map(|(id, name, _, immersion_on, _, _)| (*id, name.clone(), immersion_on.clone()))
        .collect();
    // Ids from the database, written into the query as numbers.
    let kept: Vec<String> = all
        .iter()
        .filter(|(_, _, status, immersion_on, days, purged)| {
            purged.is_none() && !due(status, immersion_on, *days)
        })
        .map(|(id, ..)| id.to_string())
        .collect();
    let kept = if kept.is_empty() {
        "NULL".to_string()
    } else {
        kept.join(", ")
    };
    let participants = PARTICIPANTS.replace("{kept}", &kept);
    let mut purged = Vec::with_capacity(editions.len());
    for (edition_id, name, immersion_on) in editions {
        let mut tx = db.begin_write().await?;
        let claimed = sqlx::query(
            "UPDATE editions SET personal_data_purged_at = $1
             WHERE id = $2 AND personal_data_purged_at IS NULL",
        )
        .bind(now_ms())
        .bind(edition_id)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            continue;
        }
        let mut figures = EditionPurge {
            edition_id,
            name,
            immersion_on,
            ..EditionPurge::default()
        };
        let people: Vec<(i64, i64)> = sqlx::query_as(&participants)
            .bind(edition_id)
            .fetch_all(&mut *tx)
            .await?;
        for (user_id, still_taking_part) in people {
            if still_taking_part == 1 {
                figures.accounts_kept += 1;
            } else if anonymise(&mut tx, user_id, "conservation_echue").await? {
                figures.accounts_anonymised += 1;
            }
        }
        for statement in [
            "UPDATE applications SET motivation = '' WHERE edition_id = $1 AND motivation <> ''",
            "UPDATE feedback SET comment = '' WHERE comment <> ''
               AND pair_id IN (SELECT id FROM pairs WHERE edition_id = $1)",
            "UPDATE pair_declines SET reason = '' WHERE edition_id = $1 AND reason <> ''",
        ] {
            figures.texts_emptied += sqlx::query(statement)
                .bind(edition_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        super::audit::record_with(
            &mut tx,
            None,
            "edition_purgee",
            "edition",
            &edition_id.to_string(),
            &serde_json::json!({
                "comptes_anonymises": figures.accounts_anonymised,
                "comptes_gardes": figures.accounts_kept,
                "textes_effaces": figures.texts_emptied,
            }),
        )
        .await?;
        if dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        purged.push(figures);
    }
    if !dry_run && !purged.is_empty() {
        db.invalidate_catalogue();
    }
    Ok(purged)
}

/// Frees the seats an ambassador's offers hold in pairs not announced yet (their students
/// wait for the next pairing run), so that the offers can be withdrawn with the account.
pub async fn release_unannounced_pairs(db: &Db, ambassador_id: i64) -> Result<u64> {
    let mut tx = db.begin_write().await?;
    let pairs: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT p.edition_id, p.student_id FROM pairs p JOIN offers o ON o.id = p.offer_id
         WHERE o.ambassador_id = $1 AND p.published_at IS NULL ORDER BY p.id",
    )
    .bind(ambassador_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut released = 0;
    for (edition_id, student_id) in pairs {
        super::pairing::lock_edition(&mut tx, edition_id).await?;
        if super::pairing::drop_unannounced_pair(&mut tx, edition_id, student_id).await? {
            released += 1;
        }
    }
    tx.commit().await?;
    if released > 0 {
        db.invalidate_catalogue();
    }
    Ok(released)
}
