//! HTTP against the real server on a random port, on every available backend.

mod common;

use app::db::testing::backends;
use common::{announce, card_ids, catalogue_fixture, TestApp};

/// The tests of this file run one at a time: several of them change or close their
/// database under their server, and, when they ran on one worker thread each, a page
/// response now and then never started with several servers side by side.
async fn one_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    static SERVERS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    SERVERS.lock().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalogue_pages_answer_with_the_expected_offers() {
    let _one_at_a_time = one_at_a_time().await;
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let f = catalogue_fixture(&app.db).await;
        // The fixture's taken seats show from the announcement on.
        announce(&app.db, f.edition_id).await;
        let visitor = app.visitor();

        let home = visitor.page("/").await;
        assert_eq!(home.status, 200, "{backend:?}");
        let home = home.body;
        assert!(home.contains("<html lang=\"fr\""), "lang attribute");
        assert!(
            home.contains("Édition de test"),
            "{backend:?}: current edition on the home page"
        );
        assert!(home.contains(&common::immersion_day().long_fr()));
        assert!(home.contains("Accessibilité : partiellement conforme"));

        // Each filter URL gives exactly the expected offers, in order.
        let cases: &[(&str, &[&str])] = &[
            ("/offres?metier=data-scientist&region=53", &["F1"]),
            // Most places left first: F2 has 3, F4 one.
            ("/offres?administration=premier-ministre", &["F2", "F4"]),
            // Within a radius, on demand, most places left first too.
            (
                "/offres?commune=Rennes&rayon=250&tri=places",
                &["F2", "F1", "F7"],
            ),
            ("/offres?commune=Rennes&rayon=250", &["F1", "F7", "F2"]),
            ("/offres?q=SECURITE+saint", &["F5"]),
            ("/offres?departement=2A", &[]),
        ];
        for (path, expected) in cases {
            let page = visitor.page(path).await;
            assert_eq!(page.status, 200, "{backend:?} {path}");
            assert_eq!(
                f.keys(&card_ids(&page.body)),
                *expected,
                "{backend:?} {path}"
            );
        }

        // The form shows the filter back, so a shared link keeps its state.
        let html = visitor
            .page("/offres?metier=rssi&commune=Lyon&rayon=100")
            .await
            .body;
        assert!(
            html.contains(r#"<option value="rssi" selected"#),
            "{backend:?}: job kept selected"
        );
        assert!(html.contains(r#"value="Lyon""#));
        assert!(html.contains(r#"<option value="100" selected"#));
        assert!(html.contains("à moins de 100 km de Lyon (69)"));

        // Bad values: never a 500, the page says which field was ignored, in French.
        for path in [
            "/offres?rayon=-3&page=abc&tri=hasard",
            "/offres?metier=%27%3B+DROP+TABLE+offers%3B--",
            "/offres?region=%00%FF&q=%25%25%25",
            "/offres?commune=Atlantide",
            "/offres?page=99999999999999999999",
        ] {
            let page = visitor.page(path).await;
            assert_eq!(page.status, 200, "{backend:?} {path}");
            assert!(
                page.body
                    .contains("Certains filtres n'ont pas pu être appliqués"),
                "{backend:?} {path}"
            );
        }
        let html = visitor.page("/offres?rayon=-3").await.body;
        assert!(html.contains(r#"data-champ="rayon""#));
        // The table is still there.
        let html = visitor.page("/offres").await.body;
        assert_eq!(card_ids(&html).len(), 6);

        // Detail pages and 404s.
        let detail = visitor.page(&format!("/offres/{}", f.id("F4"))).await;
        assert_eq!(detail.status, 200);
        let html = detail.body;
        assert!(
            html.contains("Cyberdéfense à Lyon") && html.contains("1 place restante sur 2"),
            "{backend:?}"
        );
        assert!(html.contains("09 h 00"));
        for path in [
            format!("/offres/{}", f.id("F6")),
            "/offres/abc".into(),
            "/offres/0".into(),
            "/metiers/astronaute".into(),
            "/administrations/nasa".into(),
            "/nulle-part".into(),
        ] {
            let page = visitor.page(&path).await;
            assert_eq!(page.status, 404, "{backend:?} {path}");
            assert!(page.body.contains("Page non trouvée"), "{path}");
        }
        for path in [
            "/metiers",
            "/metiers/rssi",
            "/administrations",
            "/administrations/anssi",
            "/accessibilite",
            "/mentions-legales",
        ] {
            assert_eq!(visitor.page(path).await.status, 200, "{backend:?} {path}");
        }
        let html = visitor.page("/metiers/rssi").await.body;
        assert_eq!(
            f.keys(&card_ids(&html)).len(),
            2,
            "both RSSI offers on the job page"
        );

        let health = visitor.page("/healthz").await;
        assert_eq!((health.status, health.body.as_str()), (200, "ok"));
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_check_reports_an_unreachable_database() {
    let _one_at_a_time = one_at_a_time().await;
    let app = TestApp::spawn(app::db::Backend::Sqlite).await;
    app.db.close().await;
    assert_eq!(app.visitor().page("/healthz").await.status, 503);
    app.cleanup().await;
}

/// A failing data layer gives the page (and the script's call) its status and a French
/// message, never the database's own words.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_answer_the_status_of_a_failing_data_layer() {
    let _one_at_a_time = one_at_a_time().await;
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        catalogue_fixture(&app.db).await;
        let mut visitor = app.visitor();
        assert_eq!(visitor.page("/offres?metier=rssi").await.status, 200);

        // An unexpected failure (here a table gone): 500, logged, not shown.
        sqlx::query("ALTER TABLE offers RENAME TO offers_gone")
            .execute(app.db.pool())
            .await
            .expect("rename");
        let page = visitor.page("/offres?metier=rssi").await;
        assert_eq!(page.status, 500, "{backend:?}");
        assert!(page.body.contains("Une erreur inattendue"), "{backend:?}");
        let leaks = |body: &str| {
            ["no such table", "does not exist", "sqlx"]
                .iter()
                .any(|words| body.contains(words))
        };
        assert!(
            !leaks(&page.body),
            "{backend:?}: the database's words in the page"
        );
        let call = visitor
            .call("search_offers", &[("query[metier]", "rssi")])
            .await;
        assert_eq!(call.status, 500, "{backend:?}: {}", call.body);
        assert!(!leaks(&call.body), "{backend:?}: {}", call.body);
        sqlx::query("ALTER TABLE offers_gone RENAME TO offers")
            .execute(app.db.pool())
            .await
            .expect("rename back");

        // A database that cannot be reached: 503, worth trying again.
        app.db.close().await;
        let page = visitor.page("/offres?metier=rssi").await;
        assert_eq!(page.status, 503, "{backend:?}");
        assert!(
            page.body.contains("momentanément indisponible"),
            "{backend:?}"
        );
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_carry_security_headers_and_refuse_large_bodies() {
    let _one_at_a_time = one_at_a_time().await;
    let app = TestApp::spawn(app::db::Backend::Sqlite).await;
    let mut visitor = app.visitor();
    let home = visitor.page("/").await;
    let headers = home.headers;
    // Scripts run only from the site or with this page's nonce.
    let policy = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy")
        .to_string();
    assert!(policy.contains("frame-ancestors 'none'") && policy.contains("form-action 'self'"));
    let page = home.body;
    let scripts = page.matches("<script").count();
    assert!(scripts > 1);
    assert_eq!(
        page.matches(&format!("nonce=\"{nonce}\"")).count()
            + page.matches("<script type=\"module\" src=").count(),
        scripts,
        "every inline script carries the nonce"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let big = "x".repeat(200 * 1024);
    let search = visitor.call("search_offers", &[("query[q]", &big)]).await;
    assert_eq!(search.status, 413);
    app.cleanup().await;
}

/// A malformed argument (a number that is not one, a missing field) answers 400 with a
/// French message, whoever calls; a form posted without JavaScript goes back to its
/// page; nothing is written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_arguments_answer_400_in_french() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        catalogue_fixture(&app.db).await;
        let (mut student, id) = app.signed_in("etudiant", "etu@exemple.fr").await;
        app.student_profile(id).await;
        let calls: [(&str, &[(&str, &str)]); 3] = [
            ("add_wish", &[("offer_id", "abc")]),
            ("get_wish_button", &[]),
            ("lock_pair", &[("pair_id", "1.5"), ("locked", "1")]),
        ];
        for (function, fields) in calls {
            for caller in [&mut student, &mut app.visitor()] {
                let answer = caller.call(function, fields).await;
                assert_eq!(
                    answer.status, 400,
                    "{backend:?}: {function}: {}",
                    answer.body
                );
                assert!(
                    answer.body.contains("n'est pas valable"),
                    "{backend:?}: {function}: {}",
                    answer.body
                );
            }
        }
        let referer = format!("{}/offres", app.base);
        let without_javascript = student
            .call_with_headers(
                "add_wish",
                &[("offer_id", "abc")],
                &[("accept", "text/html"), ("referer", &referer)],
            )
            .await;
        assert!(
            without_javascript.is_redirection(),
            "{backend:?}: {} {}",
            without_javascript.status,
            without_javascript.body
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM wishes").await, 0);
        app.cleanup().await;
    }
}

/// No copy kept of what may show personal data, the content security policy on every
/// page (the 404 of an unknown path too), HSTS over HTTPS, and only the site's own names
/// answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn caching_csp_hsts_and_host_names() {
    let _one_at_a_time = one_at_a_time().await;
    let app = TestApp::spawn(app::db::Backend::Sqlite).await;
    catalogue_fixture(&app.db).await;
    let visitor = app.visitor();
    let home = visitor.page("/").await;
    assert_eq!(home.headers["cache-control"], "no-cache");
    assert!(home.headers.get("strict-transport-security").is_none());
    let unknown = visitor.page("/page-inconnue").await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.headers["content-security-policy"]
        .to_str()
        .is_ok_and(|policy| policy.contains("frame-ancestors 'none'")));
    let mut caller = app.visitor();
    let call = caller
        .call("search_offers", &[("query[metier]", "rssi")])
        .await;
    assert_eq!(call.headers["cache-control"], "no-store");
    let (student, _) = app.signed_in("etudiant", "etu@exemple.fr").await;
    for path in ["/candidature", "/"] {
        let page = student.page(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(page.headers["cache-control"], "no-store", "{path}");
    }

    let client = reqwest::Client::new();
    let get = |path: &'static str, host: String| {
        let request = client
            .get(format!("{}{path}", app.base))
            .header("host", host);
        async move { request.send().await.expect("request").status().as_u16() }
    };
    let port = app.base.rsplit(':').next().unwrap_or_default().to_string();
    assert_eq!(get("/", "evil.example".into()).await, 421);
    assert_eq!(get("/healthz", "evil.example".into()).await, 200);
    assert_eq!(get("/", format!("localhost:{port}")).await, 200);
    app.cleanup().await;

    let secure = TestApp::spawn_with(app::db::Backend::Sqlite, |config| {
        config.public_url = "https://vismonjob.example".into();
    })
    .await;
    let home = secure.visitor().page("/").await;
    assert!(home.headers["strict-transport-security"]
        .to_str()
        .is_ok_and(|value| value.starts_with("max-age=")));
    let named = client
        .get(format!("{}/", secure.base))
        .header("host", "vismonjob.example")
        .send()
        .await
        .expect("request");
    assert_eq!(named.status().as_u16(), 200);
    secure.cleanup().await;
}
