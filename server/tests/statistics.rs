//! The live statistics on both databases: the running totals kept by the triggers equal
//! a recount after every kind of change; the dashboard shows the figures to organisers
//! only, small groups masked; an open event stream receives the new figures within a
//! second of a change, and on PostgreSQL a change made through one server process
//! reaches a dashboard connected to another.

mod common;

use app::db::testing::{backends, TestDb};
use app::db::Db;
use common::*;
use std::time::Duration;
use vismonjob::routes::SESSION_COOKIE;

/// The totals without their zero rows (a group emptied keeps its row at zero).
async fn kept_and_recounted(db: &Db, edition_id: i64) -> (Vec<String>, Vec<String>) {
    let show = |tallies: Vec<app::domain::statistics::Tally>| -> Vec<String> {
        tallies
            .into_iter()
            .filter(|t| t.n != 0 || t.places != 0 || t.taken != 0)
            .map(|t| {
                format!(
                    "{}/{} = {} {} {}",
                    t.dimension, t.key, t.n, t.places, t.taken
                )
            })
            .collect()
    };
    (
        show(
            app::db::statistics::tallies(db, edition_id)
                .await
                .expect("tallies"),
        ),
        show(
            app::db::statistics::recount(db, edition_id)
                .await
                .expect("recount"),
        ),
    )
}

async fn run(db: &Db, sql: &str) {
    sqlx::query(sql).execute(db.pool()).await.expect(sql);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_totals_equal_a_recount_after_every_kind_of_change() {
    for backend in backends() {
        let test_db = TestDb::new(backend).await;
        let db = &test_db.db;
        app::seed::demo::seed(
            db,
            app::seed::demo::DemoSize {
                ambassadors: 30,
                students: 60,
            },
        )
        .await
        .expect("seed");
        let edition_id: i64 = sqlx::query_scalar("SELECT id FROM editions")
            .fetch_one(db.pool())
            .await
            .expect("edition");
        let (kept, recounted) = kept_and_recounted(db, edition_id).await;
        assert!(
            kept.iter().any(|t| t.starts_with("candidatures/envoyee")),
            "{kept:?}"
        );
        assert_eq!(kept, recounted, "{backend:?}: after the seed");

        let changes = [
            "UPDATE applications SET status = 'retiree' WHERE id % 3 = 0",
            "UPDATE applications SET student_level = 5, student_gender = 'femme' WHERE id % 4 = 1",
            "UPDATE applications SET submitted_at = submitted_at - 86400000 WHERE id % 5 = 2",
            "UPDATE offers SET capacity = capacity + 1 WHERE id % 2 = 0",
            "UPDATE offers SET status = 'retiree' WHERE id % 5 = 0",
            "UPDATE offers SET status = 'soumise' WHERE id % 7 = 3",
            "INSERT INTO pairs (edition_id, student_id, offer_id, created_at, wish_rank)
             SELECT a.edition_id, a.student_id, w.offer_id, 0, w.rank FROM applications a
             JOIN wishes w ON w.application_id = a.id AND w.rank = 1 WHERE a.status = 'envoyee'",
            "UPDATE pairs SET published_at = 1, student_confirmed_at = 2 WHERE id % 2 = 0",
            "UPDATE pairs SET ambassador_confirmed_at = 3, attendance = 'present' WHERE id % 3 = 0",
            "UPDATE pairs SET attendance = 'absent' WHERE id % 3 = 1",
            "UPDATE pairs SET wish_rank = NULL WHERE id % 4 = 3",
            "UPDATE applications SET status = 'en_binome' WHERE student_id IN (SELECT student_id FROM pairs)",
            "INSERT INTO coaching_sessions (edition_id, starts_at, capacity, location) SELECT id, 0, 50, 'Visio' FROM editions",
            "INSERT INTO coaching_bookings (session_id, edition_id, ambassador_id, created_at)
             SELECT s.id, o.edition_id, o.ambassador_id, 0 FROM offers o JOIN coaching_sessions s ON s.edition_id = o.edition_id",
            "UPDATE coaching_bookings SET attended = 1 WHERE ambassador_id % 2 = 0",
            "UPDATE coaching_bookings SET attended = 0 WHERE ambassador_id % 3 = 0",
            "DELETE FROM pairs WHERE id % 4 = 0",
            // Deleting people cascades to their applications, pairs and bookings.
            "DELETE FROM users WHERE role = 'etudiant' AND id % 6 = 1",
            "DELETE FROM coaching_sessions",
        ];
        for change in changes {
            run(db, change).await;
            let (kept, recounted) = kept_and_recounted(db, edition_id).await;
            assert_eq!(kept, recounted, "{backend:?}: after {change}");
        }
        let (kept, _) = kept_and_recounted(db, edition_id).await;
        for expected in [
            "binomes/annonces",
            "presence/absent",
            "rang_voeu/hors_voeux",
            "offres/retiree",
        ] {
            assert!(
                kept.iter().any(|t| t.starts_with(expected)),
                "{expected} in {kept:?}"
            );
        }
        test_db.cleanup().await;
    }
}

/// Six students who applied from Lannion (Côtes-d'Armor) to the fixture edition.
async fn six_applicants(app: &TestApp, f: &Fixture) {
    for n in 0..6 {
        applicant(app, f, &format!("candidate{n}@exemple.fr"), &["F1", "F2"]).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_the_figures_to_organisers_only_small_groups_masked() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        six_applicants(&app, &f).await;
        let (organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let (student, _) = app.signed_in("etudiant", "curieuse@exemple.fr").await;

        let page = organiser.page("/organisation/statistiques").await;
        assert_eq!(page.status, 200, "{backend:?}");
        let body = &page.body;
        assert!(
            body.contains("Statistiques de l&#x27;édition")
                || body.contains("Statistiques de l'édition")
        );
        assert!(
            body.contains("Chiffres du "),
            "the moment of the figures is said"
        );
        // Six students sent an application: enough to show them by level and région.
        assert!(body.contains("étudiants candidats"));
        assert!(body.contains("6 (100 %)"), "Bac+3: six of six");
        assert!(body.contains("candidats : 6"), "Bretagne");
        // Fewer than five offers of one job: masked.
        assert!(body.contains("offres : moins de 5"));
        assert!(
            body.contains("Données du graphique"),
            "the chart's data table"
        );

        let figures = organiser_figures(&organiser, &f).await;
        assert_eq!(figures["students"], 6);
        assert_eq!(figures["by_level"][1]["value"]["Exact"], 6, "{figures}");

        // Students and visitors get nothing.
        let refused = student.page("/organisation/statistiques").await;
        assert!(!refused.body.contains("étudiants candidats"));
        let mut student = student;
        let called = student.call("get_dashboard", &[("edition", "")]).await;
        assert_eq!(called.status, 403);
        for caller in [&student, &app.visitor()] {
            let stream = open_stream(caller, f.edition_id).await;
            assert!(matches!(stream.status().as_u16(), 401 | 403));
        }
        app.cleanup().await;
    }
}

async fn organiser_figures(organiser: &Caller, f: &Fixture) -> serde_json::Value {
    let mut organiser = organiser.clone();
    let answer = organiser
        .call("get_dashboard", &[("edition", &f.edition_id.to_string())])
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let dashboard: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    dashboard["statistics"].clone()
}

async fn open_stream(caller: &Caller, edition_id: i64) -> reqwest::Response {
    let mut request = caller
        .client
        .get(format!(
            "{}/organisation/statistiques/direct?edition={edition_id}",
            caller.base
        ))
        .header("accept", "text/event-stream");
    if let Some(cookie) = &caller.cookie {
        request = request.header("cookie", format!("{SESSION_COOKIE}={cookie}"));
    }
    request.send().await.expect("stream")
}

/// The figures events of an open stream, one at a time.
struct Figures {
    response: reqwest::Response,
    pending: String,
}

impl Figures {
    async fn open(caller: &Caller, edition_id: i64) -> Figures {
        let response = open_stream(caller, edition_id).await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"].to_str().expect("type"),
            "text/event-stream"
        );
        Figures {
            response,
            pending: String::new(),
        }
    }

    /// The next figures sent within `wait`, if any.
    async fn next(&mut self, wait: Duration) -> Option<serde_json::Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.pending.find("\n\n") {
                let event: String = self.pending.drain(..end + 2).collect();
                if event.lines().any(|l| l == "event: statistiques") {
                    let data: String = event
                        .lines()
                        .filter_map(|l| l.strip_prefix("data: "))
                        .collect();
                    return Some(serde_json::from_str(&data).expect("figures"));
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .expect("stream read")?;
            self.pending.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Waits at most a second from now for figures counting `students` students (the
    /// figures of earlier changes, such as a draft's wishes, may come first).
    async fn until_students(&mut self, students: i64) {
        let since = tokio::time::Instant::now();
        loop {
            let left = Duration::from_secs(1).saturating_sub(since.elapsed());
            let Some(figures) = self.next(left).await else {
                panic!("no figures with {students} students within a second");
            };
            if figures["students"] == students {
                return;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_dashboard_receives_the_new_figures_within_a_second() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        let (organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;
        let mut stream = Figures::open(&organiser, f.edition_id).await;
        let first = stream
            .next(Duration::from_secs(5))
            .await
            .expect("first figures");
        assert_eq!(first["students"], 0);
        assert_eq!(first["edition_id"], f.edition_id);

        applicant(&app, &f, "rapide@exemple.fr", &["F1"]).await;
        stream.until_students(1).await;

        // A change made outside any server function (here in SQL) is pushed as well.
        sqlx::query("UPDATE applications SET status = 'retiree'")
            .execute(app.db.pool())
            .await
            .expect("withdraw");
        stream.until_students(0).await;
        app.cleanup().await;
    }
}

/// Two server processes on one PostgreSQL database: the change goes through the test's
/// server, the dashboard listens to a `vismonjob serve` started beside it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_through_one_process_reaches_a_dashboard_on_another() {
    if !backends().contains(&app::db::Backend::Postgres) {
        return;
    }
    let app = TestApp::spawn(app::db::Backend::Postgres).await;
    let f = catalogue_fixture(&app.db).await;
    let (organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("address")
        .port();
    let outbox = std::env::temp_dir().join(format!("vismonjob-outbox-other-{port}"));
    let mut other = std::process::Command::new(env!("CARGO_BIN_EXE_vismonjob"))
        .arg("serve")
        .env("DATABASE_URL", app.database_url())
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("OUTBOX_DIR", &outbox)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("second server");
    let other_base = format!("http://127.0.0.1:{port}");
    let mut up = false;
    for _ in 0..100 {
        if reqwest::get(format!("{other_base}/healthz"))
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "the second server answers");

    // The organiser's session is in the database: it opens the stream on the other one.
    let mut watcher = organiser.clone();
    watcher.base = other_base;
    let mut stream = Figures::open(&watcher, f.edition_id).await;
    let first = stream
        .next(Duration::from_secs(5))
        .await
        .expect("first figures");
    assert_eq!(first["students"], 0);

    applicant(&app, &f, "ailleurs@exemple.fr", &["F2"]).await;
    stream.until_students(1).await;

    let _ = other.kill();
    let _ = other.wait();
    let _ = std::fs::remove_dir_all(outbox);
    app.cleanup().await;
}
