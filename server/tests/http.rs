//! HTTP against the real server on a random port, on every available backend.

mod common;

use app::db::testing::{backends, TestDb};
use common::{card_ids, catalogue_fixture, http_client, spawn_app};

/// The tests of this file run one at a time. With several test servers rendering streamed
/// pages side by side in one test process, a page response now and then never started
/// (about one run of this file in forty); one server at a time, it has not happened.
async fn one_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    static SERVERS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    SERVERS.lock().await
}

async fn get(client: &reqwest::Client, url: String) -> (u16, String) {
    let response = client.get(&url).send().await.expect(&url);
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

#[tokio::test]
async fn catalogue_pages_answer_with_the_expected_offers() {
    let _one_at_a_time = one_at_a_time().await;
    for backend in backends() {
        let t = TestDb::new(backend).await;
        let f = catalogue_fixture(&t.db).await;
        let base = spawn_app(t.db.clone()).await;
        let client = http_client();

        let (status, home) = get(&client, format!("{base}/")).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(home.contains("<html lang=\"fr\""), "lang attribute");
        assert!(
            home.contains("Édition de test"),
            "{backend:?}: current edition on the home page"
        );
        assert!(home.contains(&common::immersion_day().long_fr()));
        assert!(home.contains("Accessibilité : non conforme"));

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
            let (status, html) = get(&client, format!("{base}{path}")).await;
            assert_eq!(status, 200, "{backend:?} {path}");
            assert_eq!(f.keys(&card_ids(&html)), *expected, "{backend:?} {path}");
        }

        // The form shows the filter back, so a shared link keeps its state.
        let (_, html) = get(
            &client,
            format!("{base}/offres?metier=rssi&commune=Lyon&rayon=100"),
        )
        .await;
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
            let (status, html) = get(&client, format!("{base}{path}")).await;
            assert_eq!(status, 200, "{backend:?} {path}");
            assert!(
                html.contains("Certains filtres n'ont pas pu être appliqués"),
                "{backend:?} {path}"
            );
        }
        let (_, html) = get(&client, format!("{base}/offres?rayon=-3")).await;
        assert!(html.contains(r#"data-champ="rayon""#));
        // The table is still there.
        let (_, html) = get(&client, format!("{base}/offres")).await;
        assert_eq!(card_ids(&html).len(), 6);

        // Detail pages and 404s.
        let (status, html) = get(&client, format!("{base}/offres/{}", f.id("F4"))).await;
        assert_eq!(status, 200);
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
            let (status, html) = get(&client, format!("{base}{path}")).await;
            assert_eq!(status, 404, "{backend:?} {path}");
            assert!(html.contains("Page non trouvée"), "{path}");
        }
        for path in [
            "/metiers",
            "/metiers/rssi",
            "/administrations",
            "/administrations/anssi",
            "/accessibilite",
            "/mentions-legales",
        ] {
            let (status, _) = get(&client, format!("{base}{path}")).await;
            assert_eq!(status, 200, "{backend:?} {path}");
        }
        let (_, html) = get(&client, format!("{base}/metiers/rssi")).await;
        assert_eq!(
            f.keys(&card_ids(&html)).len(),
            2,
            "both RSSI offers on the job page"
        );

        let (status, body) = get(&client, format!("{base}/healthz")).await;
        assert_eq!((status, body.as_str()), (200, "ok"));
        t.cleanup().await;
    }
}

#[tokio::test]
async fn health_check_reports_an_unreachable_database() {
    let _one_at_a_time = one_at_a_time().await;
    let t = TestDb::new(app::db::Backend::Sqlite).await;
    let base = spawn_app(t.db.clone()).await;
    t.db.close().await;
    let response = http_client()
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(response.status().as_u16(), 503);
    t.cleanup().await;
}

#[tokio::test]
async fn responses_carry_security_headers_and_refuse_large_bodies() {
    let _one_at_a_time = one_at_a_time().await;
    let t = TestDb::new(app::db::Backend::Sqlite).await;
    let base = spawn_app(t.db.clone()).await;
    let client = http_client();
    let response = client.get(format!("{base}/")).send().await.expect("home");
    let headers = response.headers().clone();
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
    let page = response.text().await.expect("page");
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
    let response = client
        .post(format!("{base}/api/search_offers"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("query[q]={big}"))
        .send()
        .await
        .expect("post");
    assert_eq!(response.status().as_u16(), 413);
    t.cleanup().await;
}
