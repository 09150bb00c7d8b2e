//! Everything the platform holds about one account, for "download my data" (the right
//! of access): for each kind of record, its rows about the account, secrets left out
//! (the password's hash, the sessions' ids, the links' tokens), and nothing the account
//! cannot see in the app (pairs before their announcement, the other side's review,
//! organisers' work in progress).

use super::{Db, Result};
use sqlx::{Column, Row, ValueRef};

/// Each part of the export: its name, and the query of its rows (the account's id is `$1`).
const PARTS: &[(&str, &str)] = &[
    (
        "compte",
        "SELECT id, email, role, first_name, last_name, email_verified_at, created_at
         FROM users WHERE id = $1",
    ),
    (
        "profil_etudiant",
        "SELECT * FROM student_profiles WHERE user_id = $1",
    ),
    (
        "profil_ambassadeur",
        "SELECT * FROM ambassador_profiles WHERE user_id = $1",
    ),
    (
        "candidatures",
        "SELECT * FROM applications WHERE student_id = $1",
    ),
    (
        "voeux",
        "SELECT w.* FROM wishes w JOIN applications a ON a.id = w.application_id
         WHERE a.student_id = $1 ORDER BY w.application_id, w.rank",
    ),
    (
        "metiers_souhaites",
        "SELECT j.* FROM application_jobs j JOIN applications a ON a.id = j.application_id
         WHERE a.student_id = $1",
    ),
    (
        "administrations_souhaitees",
        "SELECT s.* FROM application_administrations s
         JOIN applications a ON a.id = s.application_id WHERE a.student_id = $1",
    ),
    ("offres", "SELECT * FROM offers WHERE ambassador_id = $1"),
    (
        "programmes",
        "SELECT p.* FROM programme_items p JOIN offers o ON o.id = p.offer_id
         WHERE o.ambassador_id = $1 ORDER BY p.offer_id, p.position",
    ),
    (
        "binomes",
        "SELECT * FROM pairs WHERE published_at IS NOT NULL AND (student_id = $1
         OR offer_id IN (SELECT id FROM offers WHERE ambassador_id = $1))",
    ),
    (
        "binomes_annules",
        "SELECT * FROM pair_declines WHERE student_id = $1
         OR offer_id IN (SELECT id FROM offers WHERE ambassador_id = $1)",
    ),
    ("avis", "SELECT * FROM feedback WHERE author_id = $1"),
    (
        "coaching",
        "SELECT * FROM coaching_bookings WHERE ambassador_id = $1",
    ),
    (
        "sessions",
        "SELECT created_at, last_seen_at, expires_at FROM sessions WHERE user_id = $1",
    ),
    (
        "liens_envoyes",
        "SELECT purpose, created_at, expires_at, used_at FROM email_tokens WHERE user_id = $1",
    ),
    (
        "courriels",
        "SELECT kind, subject, body_text, status, created_at, sent_at FROM notification_outbox
         WHERE recipient = (SELECT email FROM users WHERE id = $1) ORDER BY id",
    ),
    (
        "journal",
        "SELECT actor_id, action, entity, entity_id, details, created_at FROM audit_log
         WHERE actor_id = $1
         OR (actor_id IS NULL AND entity = 'user' AND entity_id = CAST($1 AS TEXT))
         ORDER BY id",
    ),
];

/// The account's data as one JSON object, a list of records per part.
pub async fn export(db: &Db, user_id: i64) -> Result<serde_json::Value> {
    let mut parts = serde_json::Map::new();
    for (name, query) in PARTS {
        let rows = sqlx::query(query)
            .bind(user_id)
            .fetch_all(db.pool())
            .await?;
        let records = rows.iter().map(record).collect::<Vec<_>>();
        parts.insert((*name).to_string(), serde_json::Value::Array(records));
    }
    Ok(serde_json::Value::Object(parts))
}

/// One row as a JSON object: integers, decimals and texts as they are, NULL as null.
fn record(row: &sqlx::any::AnyRow) -> serde_json::Value {
    let mut fields = serde_json::Map::new();
    for (index, column) in row.columns().iter().enumerate() {
        let null = row.try_get_raw(index).map_or(true, |value| value.is_null());
        let value = if null {
            serde_json::Value::Null
        } else if let Ok(number) = row.try_get::<i64, _>(index) {
            number.into()
        } else if let Ok(number) = row.try_get::<f64, _>(index) {
            number.into()
        } else if let Ok(text) = row.try_get::<String, _>(index) {
            text.into()
        } else {
            serde_json::Value::Null
        };
        fields.insert(column.name().to_string(), value);
    }
    serde_json::Value::Object(fields)
}
