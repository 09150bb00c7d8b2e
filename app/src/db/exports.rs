//! The rows of the organisers' CSV exports (`domain::export` says what each column is),
//! read as a stream: a large edition's file goes out as it is read, never held whole.

use super::{Db, Result};
use crate::domain::export::Export;
use futures_util::stream::{BoxStream, StreamExt};
use sqlx::Row;

/// Every value is read as text (instants as their number of milliseconds).
fn sql(export: Export) -> &'static str {
    match export {
        Export::Pairs => {
            "SELECT CAST(p.id AS TEXT), su.first_name, su.last_name, su.email, sp.school,
                    CAST(sp.level AS TEXT), au.first_name, au.last_name, au.email, ap.phone, o.title,
                    adm.name, o.address, pl.name, o.departement_code, CAST(p.published_at AS TEXT),
                    CAST(p.student_confirmed_at AS TEXT), CAST(p.ambassador_confirmed_at AS TEXT), p.attendance
             FROM pairs p
             JOIN users su ON su.id = p.student_id
             LEFT JOIN student_profiles sp ON sp.user_id = p.student_id
             JOIN offers o ON o.id = p.offer_id
             JOIN users au ON au.id = o.ambassador_id
             LEFT JOIN ambassador_profiles ap ON ap.user_id = o.ambassador_id
             JOIN administrations adm ON adm.id = o.administration_id
             JOIN places pl ON pl.insee_code = o.place_code
             WHERE p.edition_id = $1 ORDER BY p.id"
        }
        Export::Ambassadors => {
            "SELECT u.first_name, u.last_name, u.email, ap.phone, ap.job_title, adm.name,
                    CAST(o.id AS TEXT), o.title, o.status, CAST(o.capacity AS TEXT),
                    CAST(o.seats_taken AS TEXT), CAST(cb.attended AS TEXT)
             FROM offers o
             JOIN users u ON u.id = o.ambassador_id
             LEFT JOIN ambassador_profiles ap ON ap.user_id = o.ambassador_id
             JOIN administrations adm ON adm.id = o.administration_id
             LEFT JOIN coaching_bookings cb ON cb.edition_id = o.edition_id AND cb.ambassador_id = o.ambassador_id
             WHERE o.edition_id = $1 ORDER BY u.last_name, u.first_name, o.id"
        }
        Export::Students => {
            "SELECT u.first_name, u.last_name, u.email, sp.school, CAST(sp.level AS TEXT), sp.curriculum,
                    pl.name, pl.departement_code, a.status, CAST(a.submitted_at AS TEXT), o.title
             FROM applications a
             JOIN users u ON u.id = a.student_id
             LEFT JOIN student_profiles sp ON sp.user_id = a.student_id
             LEFT JOIN places pl ON pl.insee_code = sp.place_code
             LEFT JOIN pairs p ON p.edition_id = a.edition_id AND p.student_id = a.student_id
             LEFT JOIN offers o ON o.id = p.offer_id
             WHERE a.edition_id = $1 ORDER BY u.last_name, u.first_name, a.id"
        }
        Export::Offers => {
            "SELECT CAST(o.id AS TEXT), o.title, j.name, adm.name, m.name, pl.name, o.departement_code,
                    r.name, o.address, CAST(o.capacity AS TEXT), CAST(o.seats_taken AS TEXT), o.status, u.email
             FROM offers o
             JOIN jobs j ON j.id = o.job_id
             JOIN administrations adm ON adm.id = o.administration_id
             JOIN administrations m ON m.id = o.ministry_id
             JOIN places pl ON pl.insee_code = o.place_code
             JOIN regions r ON r.code = o.region_code
             JOIN users u ON u.id = o.ambassador_id
             WHERE o.edition_id = $1 ORDER BY o.id"
        }
        Export::Coaching => {
            "SELECT CAST(s.starts_at AS TEXT), s.location, u.first_name, u.last_name, u.email,
                    CAST(cb.attended AS TEXT)
             FROM coaching_bookings cb
             JOIN coaching_sessions s ON s.id = cb.session_id
             JOIN users u ON u.id = cb.ambassador_id
             WHERE cb.edition_id = $1 ORDER BY s.starts_at, u.last_name, u.first_name"
        }
    }
}

/// The export's rows for `edition_id`, each cell written as the file shows it.
pub fn rows(db: &Db, export: Export, edition_id: i64) -> BoxStream<'_, Result<Vec<String>>> {
    let columns = export.columns();
    sqlx::query(sql(export))
        .bind(edition_id)
        .fetch(db.pool())
        .map(move |row| {
            let row = row?;
            columns
                .iter()
                .enumerate()
                .map(|(i, (_, column))| {
                    let stored: Option<String> = row.try_get(i)?;
                    Ok(column.write(stored.as_deref()))
                })
                .collect()
        })
        .boxed()
}
