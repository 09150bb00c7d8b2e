//! The organisers' second factor against the real server on both databases: enrolment
//! with the key the page shows, nothing organiser-only before the code, codes used once,
//! recovery codes, attempt limits, and the command that resets a lost factor.

mod common;

use app::db::testing::backends;
use common::*;

/// The manual key the enrolment page shows, without its spaces.
fn shown_key(html: &str) -> String {
    let start = html.find(r#"id="cle-secrete""#).expect("the key is shown");
    let rest = &html[start..];
    let open = rest.find('>').expect("tag") + 1;
    let text = rest[open..].split('<').next().expect("the key");
    text.replace(' ', "")
}

/// A six-digit code other than the app's codes around now.
fn wrong_code(secret: &str) -> String {
    let taken = [0, 1, 2].map(|ahead| code_in(secret, ahead));
    (0..1000)
        .map(|n| format!("{:06}", 123_456 + n))
        .find(|code| !taken.contains(code))
        .expect("a wrong code")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organiser_enrols_an_app_and_each_code_serves_once() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let email = "dominique@exemple.fr";
        let id = app.account("organisateur", email).await;
        let mut organiser = app.visitor();
        let password = organiser.log_in(email, PASSWORD).await;
        assert_eq!(password.status, 200, "{backend:?}: {}", password.body);
        assert!(
            password
                .location()
                .is_some_and(|l| l.starts_with("/connexion/code")),
            "{:?}",
            password.location()
        );

        // The password alone opens nothing: no function, no organiser page.
        assert_eq!(organiser.whoami().await, "null");
        assert_eq!(organiser.call("get_editions", &[]).await.status, 401);
        let page = organiser.page("/organisation").await;
        assert_eq!(page.status, 303);
        assert!(page.location().is_some_and(|l| l.starts_with("/connexion")));

        // The page shows a QR code and the key, the same one when reloaded.
        let enrolment = organiser.page("/connexion/code").await;
        assert_eq!(enrolment.status, 200);
        assert!(enrolment.body.contains("<svg"), "a QR code");
        assert!(enrolment.body.contains(r#"autocomplete="one-time-code""#));
        let key = shown_key(&enrolment.body);
        assert_eq!(key.len(), 32, "{key}");
        assert_eq!(
            shown_key(&organiser.page("/connexion/code").await.body),
            key
        );
        assert_eq!(
            enrolment
                .headers
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store")
        );

        // A wrong code is refused on its field; the right one enrols and signs in.
        let wrong = organiser
            .call("confirm_second_factor", &[("code", &wrong_code(&key))])
            .await;
        assert_eq!(wrong.status, 422, "{}", wrong.body);
        assert!(wrong.body.contains("ne correspond pas"), "{}", wrong.body);
        assert_eq!(organiser.whoami().await, "null");
        let code = current_code(&key);
        let enrolled = organiser
            .call("confirm_second_factor", &[("code", &code)])
            .await;
        assert_eq!(enrolled.status, 200, "{}", enrolled.body);
        assert_eq!(
            enrolled.location(),
            Some("/compte/codes-de-secours?suivant=%2Forganisation")
        );
        assert!(organiser.whoami().await.contains("Organiser"));
        assert_eq!(organiser.call("get_editions", &[]).await.status, 200);
        assert_eq!(app.audited("double_authentification_activee", id).await, 1);

        // Ten recovery codes, shown once, stored hashed.
        let shown = organiser.call("new_recovery_codes", &[]).await;
        assert_eq!(shown.status, 200, "{}", shown.body);
        let codes: Vec<String> = serde_json::from_str::<serde_json::Value>(&shown.body)
            .expect("json")["codes"]
            .as_array()
            .expect("codes")
            .iter()
            .map(|c| c.as_str().expect("a code").to_string())
            .collect();
        assert_eq!(codes.len(), 10);
        let again = organiser.call("new_recovery_codes", &[]).await;
        assert!(again.body.contains(r#""codes":[]"#), "{}", again.body);
        let hashes: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM recovery_codes")
            .fetch_all(app.db.pool())
            .await
            .expect("hashes");
        assert_eq!(hashes.len(), 10);
        assert!(hashes.iter().all(|h| h.starts_with("$argon2id$")));
        assert!(hashes
            .iter()
            .all(|h| codes.iter().all(|c| !h.contains(&c.replace('-', "")))));

        // Next sign-in: the code already used is refused, a recovery code passes once.
        organiser.call("log_out", &[]).await;
        organiser.log_in(email, PASSWORD).await;
        let page = organiser.page("/connexion/code").await;
        assert!(!page.body.contains("cle-secrete"), "enrolled: no new key");
        let replayed = organiser
            .call("confirm_second_factor", &[("code", &code)])
            .await;
        assert_eq!(
            replayed.status, 422,
            "a code serves once: {}",
            replayed.body
        );
        assert!(replayed.body.contains("ne sert qu"), "{}", replayed.body);
        let recovery = codes[3].to_lowercase().replace('-', " ");
        let recovered = organiser
            .call(
                "confirm_second_factor",
                &[("code", &recovery), ("next", "/organisation/binomes")],
            )
            .await;
        assert_eq!(recovered.status, 200, "{}", recovered.body);
        assert_eq!(recovered.location(), Some("/organisation/binomes"));
        assert!(organiser.whoami().await.contains("Organiser"));
        assert_eq!(app.audited("code_de_secours_utilise", id).await, 1);
        organiser.call("log_out", &[]).await;
        organiser.log_in(email, PASSWORD).await;
        let reused = organiser
            .call("confirm_second_factor", &[("code", &codes[3])])
            .await;
        assert_eq!(reused.status, 422, "{}", reused.body);
        // The next step's code passes (a phone a little ahead), once.
        let ahead = code_in(&key, 1);
        let next = organiser
            .call("confirm_second_factor", &[("code", &ahead)])
            .await;
        assert_eq!(next.status, 200, "{}", next.body);
        assert_eq!(next.location(), Some("/organisation"));
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_needs_a_password_first_and_its_attempts_are_limited() {
    for backend in backends() {
        let app = TestApp::spawn_with(backend, |config| {
            config.rate_limit_per_email = 3;
        })
        .await;
        // Without a password first, no code is even looked at.
        let mut stranger = app.visitor();
        let refused = stranger
            .call(
                "confirm_second_factor",
                &[("code", &current_code(ORGANISER_TOTP_SECRET))],
            )
            .await;
        assert_eq!(refused.status, 409, "{backend:?}: {}", refused.body);
        assert!(refused.body.contains("connectez-vous de nouveau"));
        // A student's sign-in asks for no code.
        let (mut student, _) = app.signed_in("etudiant", "leo@exemple.fr").await;
        assert!(student.whoami().await.contains("Student"));

        let email = "claude@exemple.fr";
        let id = app.account("organisateur", email).await;
        app::db::second_factors::enrol(&app.db, id, ORGANISER_TOTP_SECRET, 0, &[])
            .await
            .expect("enrolled");
        let mut guesser = app.visitor();
        guesser.log_in(email, PASSWORD).await;
        let wrong = wrong_code(ORGANISER_TOTP_SECRET);
        for _ in 0..3 {
            let answer = guesser
                .call("confirm_second_factor", &[("code", &wrong)])
                .await;
            assert_eq!(answer.status, 422, "{}", answer.body);
        }
        let limited = guesser
            .call(
                "confirm_second_factor",
                &[("code", &current_code(ORGANISER_TOTP_SECRET))],
            )
            .await;
        assert_eq!(limited.status, 429, "even the right code: {}", limited.body);
        assert_eq!(guesser.whoami().await, "null");
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'double_authentification_refusee' AND entity_id = '{id}'"
            ))
            .await,
            3
        );
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_second_factor_is_reset_on_the_command_line() {
    let app = TestApp::spawn(app::db::Backend::Sqlite).await;
    let (mut organiser, id) = app.signed_in("organisateur", "camille@exemple.fr").await;
    let reset = std::process::Command::new(env!("CARGO_BIN_EXE_vismonjob"))
        .args([
            "user",
            "reset-second-factor",
            "--email",
            "Camille@Exemple.fr",
        ])
        .env("DATABASE_URL", app.database_url())
        .output()
        .expect("vismonjob");
    assert!(
        reset.status.success(),
        "{}",
        String::from_utf8_lossy(&reset.stderr)
    );
    assert_eq!(organiser.whoami().await, "null", "sessions ended");
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM second_factors WHERE user_id = {id}"
        ))
        .await,
        0
    );
    // The next sign-in enrols a new app.
    organiser.log_in("camille@exemple.fr", PASSWORD).await;
    let page = organiser.page("/connexion/code").await;
    assert!(page.body.contains("cle-secrete"));
    app.cleanup().await;
}
