//! The data layer (server only): the one place where SQL lives.
//!
//! One code path serves SQLite (embedded default) and PostgreSQL (production): the
//! `sqlx` Any driver picks the backend from the URL scheme, and every query is written
//! in the common subset (`$n` placeholders, 64-bit integers, 0/1 flags, Unix-ms
//! instants). Only the migrations differ per backend. Values always travel as binds.

pub mod accounts;
pub mod ambassadors;
pub mod applications;
pub mod audit;
pub mod calendar;
pub mod catalogue;
pub mod coaching;
pub mod editions;
pub mod erasure;
pub mod exports;
pub mod offers;
pub mod outbox;
pub mod pairing;
pub mod pairs;
pub mod personal_data;
pub mod rate_limits;
pub mod reference;
pub mod second_factors;
pub mod sessions;
pub mod statistics;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod users;

use sqlx::any::{AnyArguments, AnyPoolOptions};
use sqlx::query::QueryAs;
use sqlx::{Any, AnyPool, Executor};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Which database sits behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The URL names no supported database.
    #[error("DATABASE_URL doit commencer par sqlite: ou postgres:// (reçu « {0} »)")]
    UnsupportedUrl(String),
    #[error("impossible de créer le dossier de la base : {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Reference or seed data that contradicts itself (a bug in the data files).
    #[error("données de référence invalides : {0}")]
    InvalidData(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How an operation that a rule of the programme may refuse fails: refused (the user is
/// told why) or failed (logged, never shown).
#[derive(Debug, thiserror::Error)]
pub enum Refusable {
    #[error(transparent)]
    Refused(#[from] crate::domain::refusal::Refusal),
    #[error(transparent)]
    Failed(#[from] Error),
}

impl From<sqlx::Error> for Refusable {
    fn from(error: sqlx::Error) -> Self {
        Refusable::Failed(error.into())
    }
}

/// A pool on one of the two backends; cheap to clone and shared through Leptos context.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    catalogue: Arc<catalogue::SnapshotSlot>,
}

impl Db {
    /// Connects to `url` (`sqlite:path` or `postgres://…`). For SQLite the file and its
    /// folder are created when absent, and each connection is put in WAL mode with
    /// foreign keys enforced.
    pub async fn connect(url: &str) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = backend_of(url)?;
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let pool = AnyPoolOptions::new()
            // Two cores: more connections than this only queue in the database. Each
            // SQLite connection has its own thread; WAL lets readers run side by side.
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 8,
            })
            .acquire_timeout(Duration::from_secs(10))
            // No round trip before each query: a broken connection fails its query and
            // the pool replaces it.
            .test_before_acquire(false)
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    if conn.backend_name() == "SQLite" {
                        conn.execute(sqlx::raw_sql(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                        ))
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(Db {
            pool,
            backend,
            catalogue: Default::default(),
        })
    }

    /// Applies the pending migrations of this backend.
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => {
                // Rebuilding a table (the only way to change its constraints) must run
                // with foreign keys off, or dropping the old table would cascade to the
                // rows that refer to it; they are checked once every migration ran.
                let mut conn = self.pool.acquire().await?;
                conn.execute("PRAGMA foreign_keys = OFF").await?;
                let migrated = sqlx::migrate!("../migrations/sqlite").run(&mut *conn).await;
                let dangling: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check")
                    .fetch_all(&mut *conn)
                    .await?;
                conn.execute("PRAGMA foreign_keys = ON").await?;
                migrated?;
                if let Some((table,)) = dangling.first() {
                    return Err(Error::InvalidData(format!(
                        "après migration, la table {table} désigne des lignes absentes"
                    )));
                }
            }
            Backend::Postgres => {
                sqlx::migrate!("../migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads, then writes after another
    /// connection committed, fails with "database is locked" whatever the busy timeout,
    /// whereas waiting for the lock is covered by it.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub(crate) fn catalogue_snapshot(&self) -> &catalogue::SnapshotSlot {
        &self.catalogue
    }

    /// Forgets the catalogue snapshot of this process (after an edition or reference
    /// data changed); other processes see the change within the snapshot's lifetime.
    pub fn invalidate_catalogue(&self) {
        self.catalogue.clear();
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.pool)
            .await
            .is_ok()
    }

    /// Refreshes the query planner's statistics (after a bulk load).
    pub async fn analyze(&self) -> Result<()> {
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn backend_of(url: &str) -> Result<Backend> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(Error::UnsupportedUrl(url.to_string()))
    }
}

/// Makes sure the folder of an SQLite file exists and asks sqlx to create the file.
fn prepare_sqlite_url(url: &str) -> Result<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or_default();
    if !path.is_empty() && path != ":memory:" {
        if let Some(parent) = Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)?;
        }
    }
    Ok(if url.contains("mode=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// Migrates, loads the communes on first start and syncs jobs and administrations:
/// what every command does before touching the database.
pub async fn migrate_and_load_reference(db: &Db) -> Result<()> {
    db.migrate().await?;
    reference::load_places(db).await?;
    reference::sync_catalogue_reference(db).await?;
    db.invalidate_catalogue();
    Ok(())
}

/// Current time as Unix milliseconds, the project's storage format for instants.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// A value bound into a query whose shape depends on which filters are present.
#[derive(Clone, Debug)]
pub(crate) enum Bind {
    Int(i64),
    Real(f64),
    Text(String),
}

/// Collects the conditions and binds of a dynamic `WHERE`: the SQL fragments are fixed
/// strings from this module, user values only ever travel as binds.
#[derive(Default)]
pub(crate) struct Conditions {
    clauses: Vec<String>,
    binds: Vec<Bind>,
}

impl Conditions {
    /// Adds `fragment`, where `{}` stands for the next placeholder(s), in order.
    pub fn push(&mut self, fragment: &'static str, values: impl IntoIterator<Item = Bind>) {
        let mut clause = String::with_capacity(fragment.len() + 8);
        let mut values = values.into_iter();
        for (i, piece) in fragment.split("{}").enumerate() {
            if i > 0 {
                let value = values.next().expect("one bind per placeholder");
                self.binds.push(value);
                clause.push_str(&format!("${}", self.binds.len()));
            }
            clause.push_str(piece);
        }
        self.clauses.push(clause);
    }

    /// How many conditions the `WHERE` has.
    pub fn clause_count(&self) -> usize {
        self.clauses.len()
    }

    /// How many values are bound so far: the next placeholder is `$(count + 1)`.
    pub fn bind_count(&self) -> usize {
        self.binds.len()
    }

    pub fn where_sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    pub fn bind_to<'q, O>(
        &self,
        mut query: QueryAs<'q, Any, O, AnyArguments<'q>>,
    ) -> QueryAs<'q, Any, O, AnyArguments<'q>> {
        for value in &self.binds {
            query = match value.clone() {
                Bind::Int(v) => query.bind(v),
                Bind::Real(v) => query.bind(v),
                Bind::Text(v) => query.bind(v),
            };
        }
        query
    }
}

/// `$1, $2, …, $n` for an `IN (…)` list.
pub(crate) fn placeholders(count: usize) -> String {
    (1..=count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_number_placeholders_in_order() {
        let mut c = Conditions::default();
        c.push("a = {}", [Bind::Int(1)]);
        c.push("b BETWEEN {} AND {}", [Bind::Real(1.0), Bind::Real(2.0)]);
        c.push("c = 'x'", []);
        assert_eq!(
            c.where_sql(),
            " WHERE a = $1 AND b BETWEEN $2 AND $3 AND c = 'x'"
        );
        assert_eq!(placeholders(3), "$1, $2, $3");
    }

    #[test]
    fn url_scheme_selects_backend() {
        assert_eq!(backend_of("sqlite:data/x.db").unwrap(), Backend::Sqlite);
        assert_eq!(backend_of("postgres://u@h/db").unwrap(), Backend::Postgres);
        assert!(backend_of("mysql://h/db").is_err());
        assert_eq!(
            prepare_sqlite_url("sqlite::memory:").unwrap(),
            "sqlite::memory:?mode=rwc"
        );
    }
}
