//! Accounts against the real server on both databases: sign-up, confirmation, sign-in,
//! session rotation and timeouts, rate limits, non-enumeration, password reset, the
//! origin check and the organiser command.

mod common;

use app::db::testing::backends;
use common::*;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_student_signs_up_confirms_and_signs_in() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let mut visitor = app.visitor();
        let email = "Camille.Durand@Exemple.fr";
        let signed_up = visitor
            .call(
                "sign_up",
                &[
                    ("role", "etudiant"),
                    ("first_name", "Camille"),
                    ("last_name", "Durand"),
                    ("email", email),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(signed_up.status, 200, "{backend:?}: {}", signed_up.body);
        assert!(signed_up.set_cookie.is_none(), "no session before sign-in");

        // Not confirmed yet: refused as a wrong password is, and a second link goes out.
        let early = visitor.log_in(email, PASSWORD).await;
        assert_eq!(early.status, 422, "{}", early.body);
        assert!(early.body.contains("pas encore confirmée"));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM notification_outbox WHERE kind = 'verification'")
                .await,
            2
        );

        let token = app
            .token_from_outbox("camille.durand@exemple.fr", "verification")
            .await;
        let verified = visitor.call("verify_email", &[("token", &token)]).await;
        assert_eq!(verified.status, 200, "{}", verified.body);
        let again = visitor.call("verify_email", &[("token", &token)]).await;
        assert_eq!(again.status, 409, "a confirmation link works once");

        let signed_in = visitor.log_in(email, PASSWORD).await;
        assert_eq!(signed_in.status, 200, "{}", signed_in.body);
        let cookie = signed_in.set_cookie.expect("a session cookie");
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(
            !cookie.contains("Secure"),
            "not Secure on localhost: {cookie}"
        );
        let me = visitor.whoami().await;
        assert!(
            me.contains("camille.durand@exemple.fr") && me.contains("Student"),
            "{me}"
        );

        let out = visitor.call("log_out", &[]).await;
        assert_eq!(out.status, 200);
        assert_eq!(visitor.whoami().await, "null");
        app.cleanup().await;
    }
}

/// Ambassadors sign up with a State agent's address (a configurable list of domains);
/// students with any address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ambassadors_sign_up_with_a_professional_address() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let sign_up = |role: &'static str, email: &'static str| {
            let mut visitor = app.visitor();
            async move {
                visitor
                    .call(
                        "sign_up",
                        &[
                            ("role", role),
                            ("first_name", "Dominique"),
                            ("last_name", "Martin"),
                            ("email", email),
                            ("password", PASSWORD),
                        ],
                    )
                    .await
            }
        };
        let refused = sign_up("ambassadeur", "dominique.martin@gmail.com").await;
        assert_eq!(refused.status, 422, "{backend:?}: {}", refused.body);
        assert!(
            refused.body.contains("email") && refused.body.contains("adresse professionnelle"),
            "{}",
            refused.body
        );
        let lookalike = sign_up("ambassadeur", "dominique.martin@fakegouv.fr").await;
        assert_eq!(lookalike.status, 422, "{backend:?}: a lookalike domain");
        assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);

        for (role, email) in [
            ("ambassadeur", "dominique.martin@interieur.gouv.fr"),
            ("ambassadeur", "dominique.martin@ign.fr"),
            ("etudiant", "dominique.martin@gmail.com"),
        ] {
            let answer = sign_up(role, email).await;
            assert_eq!(answer.status, 200, "{backend:?} {email}: {}", answer.body);
        }
        assert_eq!(
            app.count("SELECT COUNT(*) FROM users WHERE role = 'ambassadeur'")
                .await,
            2
        );

        // Without JavaScript the form comes back with the role and the address kept.
        let mut browser = app.visitor();
        let form_page = format!("{}/inscription", app.base);
        let answer = browser
            .call_with_headers(
                "sign_up",
                &[
                    ("role", "ambassadeur"),
                    ("first_name", "Dominique"),
                    ("last_name", "Martin"),
                    ("email", "d.martin@exemple.fr"),
                    ("password", PASSWORD),
                ],
                // A browser posts the form with its page as the referrer.
                &[("accept", "text/html"), ("referer", &form_page)],
            )
            .await;
        assert!(answer.is_redirection(), "{backend:?}");
        let back = answer.location().expect("back to the form").to_string();
        assert_eq!(
            back, "/inscription",
            "{backend:?}: nothing typed in the URL"
        );
        let page = browser.page(&back).await.body;
        assert!(
            page.contains("adresse professionnelle d'agent de l'État"),
            "{backend:?}"
        );
        assert!(
            page.contains(r#"value="d.martin@exemple.fr""#),
            "{backend:?}"
        );
        assert!(
            page.contains(r#"id="role-ambassadeur" name="role" value="ambassadeur" checked"#),
            "{backend:?}: the role stays chosen"
        );
        app.cleanup().await;

        // The list is the deployment's (AMBASSADOR_EMAIL_DOMAINS).
        let app = TestApp::spawn_with(backend, |config| {
            config.ambassador_domains =
                app::domain::account::ProfessionalDomains::parse("ac-rennes.fr").unwrap();
        })
        .await;
        let attempt = |email: &'static str| {
            let mut visitor = app.visitor();
            async move {
                let fields = [
                    ("role", "ambassadeur"),
                    ("first_name", "Dominique"),
                    ("last_name", "Martin"),
                    ("email", email),
                    ("password", PASSWORD),
                ];
                visitor.call("sign_up", &fields).await.status
            }
        };
        assert_eq!(attempt("d.martin@interieur.gouv.fr").await, 422);
        assert_eq!(attempt("d.martin@ac-rennes.fr").await, 200);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_rotates_the_session_id() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (mut first, _) = app.signed_in("etudiant", "a@exemple.fr").await;
        let before = first.cookie.clone().expect("cookie");
        app.account("etudiant", "b@exemple.fr").await;
        // Signing in again from the same browser (here, as someone else) gives a new id…
        let answer = first.log_in("b@exemple.fr", PASSWORD).await;
        assert_eq!(answer.status, 200);
        let after = first.cookie.clone().expect("cookie");
        assert_ne!(before, after, "{backend:?}: session id rotated");
        assert!(first.whoami().await.contains("b@exemple.fr"));
        // …and the old id is worth nothing.
        let mut old = app.visitor();
        old.cookie = Some(before);
        assert_eq!(old.whoami().await, "null");
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_end_when_idle_and_after_their_absolute_lifetime() {
    for backend in backends() {
        let app = TestApp::spawn_with(backend, |c| {
            c.session_idle = Duration::from_secs(2);
            c.session_absolute = Duration::from_secs(5);
        })
        .await;
        let (mut idle, _) = app.signed_in("etudiant", "idle@exemple.fr").await;
        tokio::time::sleep(Duration::from_millis(3000)).await;
        assert_eq!(idle.whoami().await, "null", "{backend:?}: idle timeout");

        let (mut busy, _) = app.signed_in("etudiant", "busy@exemple.fr").await;
        let start = Instant::now();
        // Active every 700 ms: alive past the idle timeout…
        while start.elapsed() < Duration::from_millis(3500) {
            assert!(
                busy.whoami().await.contains("busy@"),
                "{backend:?}: activity keeps it alive"
            );
            tokio::time::sleep(Duration::from_millis(700)).await;
        }
        // …but not past the absolute one.
        while start.elapsed() < Duration::from_millis(5600) {
            busy.whoami().await;
            tokio::time::sleep(Duration::from_millis(700)).await;
        }
        assert_eq!(busy.whoami().await, "null", "{backend:?}: absolute timeout");
        app.cleanup().await;
    }
}

/// The header's warning reads what is left of the session without pushing its end back;
/// "Rester connecté" pushes it back to the whole idle limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_says_what_is_left_and_stays_open_on_demand() {
    for backend in backends() {
        let app = TestApp::spawn_with(backend, |c| {
            c.session_idle = Duration::from_secs(40);
        })
        .await;
        let mut visitor = app.visitor();
        assert_eq!(visitor.call("session_time_left", &[]).await.body, "null");
        assert_eq!(visitor.call("stay_signed_in", &[]).await.status, 401);

        let (mut student, _) = app.signed_in("etudiant", "minuteur@exemple.fr").await;
        let signed_in: serde_json::Value =
            serde_json::from_str(&student.whoami().await).expect("JSON");
        assert_eq!(signed_in["user"]["email"], "minuteur@exemple.fr");
        assert_eq!(signed_in["time_left"]["idle_limit_seconds"], 40);
        let idle_left = |body: &str| {
            serde_json::from_str::<serde_json::Value>(body).expect("JSON")["idle_seconds"]
                .as_u64()
                .expect("seconds")
        };
        tokio::time::sleep(Duration::from_millis(2100)).await;
        let read = student.call("session_time_left", &[]).await;
        assert_eq!(read.status, 200, "{}", read.body);
        let before = idle_left(&read.body);
        assert!((36..=38).contains(&before), "{backend:?}: {before} s left");
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let again = idle_left(&student.call("session_time_left", &[]).await.body);
        assert!(again < before, "{backend:?}: reading is not activity");
        let stayed = student.call("stay_signed_in", &[]).await;
        assert_eq!(stayed.status, 200, "{}", stayed.body);
        assert_eq!(idle_left(&stayed.body), 40, "{backend:?}: pushed back");
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attempts_are_rate_limited() {
    for backend in backends() {
        let app = TestApp::spawn_with(backend, |c| {
            c.rate_limit_per_email = 3;
            c.rate_limit_per_address = 7;
        })
        .await;
        app.account("etudiant", "cible@exemple.fr").await;
        let mut attacker = app.visitor();
        for _ in 0..3 {
            let answer = attacker
                .log_in("cible@exemple.fr", "mauvais mot de passe")
                .await;
            assert_eq!(answer.status, 422, "{}", answer.body);
        }
        let blocked = attacker.log_in("cible@exemple.fr", PASSWORD).await;
        assert_eq!(
            blocked.status, 429,
            "{backend:?}: even the right password waits"
        );
        assert!(blocked.body.contains("RateLimited"), "{}", blocked.body);
        assert!(blocked.headers.get("retry-after").is_some());
        // The first refusal is a security event; the next ones of the run are not.
        assert_eq!(
            attacker.log_in("cible@exemple.fr", PASSWORD).await.status,
            429
        );
        let limits = "SELECT COUNT(*) FROM audit_log WHERE action = 'limite_atteinte'";
        assert_eq!(app.count(limits).await, 1, "{backend:?}");
        // Refused attempts are not counted: waiting the time told is enough.
        assert_eq!(
            app.count("SELECT MAX(hits) FROM rate_limit_counts WHERE subject LIKE 'email:%'")
                .await,
            3,
            "{backend:?}"
        );
        let details: String =
            sqlx::query_scalar("SELECT details FROM audit_log WHERE action = 'limite_atteinte'")
                .fetch_one(app.db.pool())
                .await
                .expect("the event");
        assert!(
            details.contains("connexion") && details.contains("adresse_electronique"),
            "{details}"
        );
        assert!(!details.contains("cible@"), "no e-mail address: {details}");
        // Other addresses are limited per client address.
        // (The address has made 5 attempts so far: refused by the e-mail's limit, they
        // passed the address's.)
        for n in 0..2 {
            let answer = attacker.log_in(&format!("autre{n}@exemple.fr"), "x").await;
            assert_eq!(answer.status, 422);
        }
        assert_eq!(attacker.log_in("autre9@exemple.fr", "x").await.status, 429);
        assert_eq!(
            app.count(limits).await,
            2,
            "{backend:?}: the address's own run"
        );
        // Sign-up and reset have their own counters, limited the same way.
        for n in 0..7 {
            let answer = attacker
                .call(
                    "request_password_reset",
                    &[("email", &format!("r{n}@exemple.fr"))],
                )
                .await;
            assert_eq!(answer.status, 200);
        }
        assert_eq!(
            attacker
                .call("request_password_reset", &[("email", "r9@exemple.fr")])
                .await
                .status,
            429
        );
        app.cleanup().await;
    }
}

/// A failed sign-in of `essai<n>@exemple.fr` from `address` (as a reverse proxy tells).
async fn attempt_from(caller: &mut Caller, n: u32, address: &str) -> u16 {
    let email = format!("essai{n}@exemple.fr");
    caller
        .call_with_headers(
            "log_in",
            &[("email", &email), ("password", "un mot de passe faux")],
            &[("x-forwarded-for", address)],
        )
        .await
        .status
}

/// Behind a reverse proxy and with two server processes on one database, the limits
/// still hold: counted in the database, by the client's IPv6 /64.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_hold_across_server_processes_and_count_ipv6_by_64_block() {
    for backend in backends() {
        let limits = |c: &mut vismonjob::Config| {
            c.rate_limit_per_email = 1000;
            c.rate_limit_per_address = 3;
            c.trust_forwarded_for = true;
        };
        let mut app = TestApp::spawn_with(backend, limits).await;
        let mut first_server = app.visitor();
        app.start_another_server_with(limits).await;
        let mut second_server = app.visitor();
        // Three addresses of one /64, through both servers: the fourth attempt waits.
        assert_eq!(
            attempt_from(&mut first_server, 1, "2001:db8:1:2::1").await,
            422
        );
        assert_eq!(
            attempt_from(&mut second_server, 2, "2001:db8:1:2::2").await,
            422
        );
        assert_eq!(
            attempt_from(&mut first_server, 3, "2001:db8:1:2:ffff::9").await,
            422
        );
        assert_eq!(
            attempt_from(&mut second_server, 4, "2001:db8:1:2::1").await,
            429,
            "{backend:?}: the limit holds across processes and addresses of one /64"
        );
        // Another /64 has its own count.
        assert_eq!(
            attempt_from(&mut first_server, 5, "2001:db8:1:3::1").await,
            422
        );
        // Counters past two windows are deleted: the table stays small.
        let old = app::db::now_ms() - 3 * 900_000;
        sqlx::query(
            "UPDATE rate_limit_counts SET window_start = $1 WHERE subject LIKE 'ip:2001:db8:1:3:%'",
        )
        .bind(old)
        .execute(app.db.pool())
        .await
        .expect("age");
        let purged = app::db::rate_limits::purge(&app.db, 900_000, app::db::now_ms())
            .await
            .expect("purge");
        assert_eq!(purged, 1, "{backend:?}");
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_never_reveal_whether_an_address_has_an_account() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.account("etudiant", "connu@exemple.fr").await;
        let mut visitor = app.visitor();

        let sign_up = |email: &'static str, password: &'static str| {
            let mut v = visitor.clone();
            async move {
                v.call(
                    "sign_up",
                    &[
                        ("role", "etudiant"),
                        ("first_name", "Alex"),
                        ("last_name", "Martin"),
                        ("email", email),
                        ("password", password),
                    ],
                )
                .await
            }
        };
        let known = sign_up("connu@exemple.fr", PASSWORD).await;
        let unknown = sign_up("inconnu@exemple.fr", PASSWORD).await;
        assert_eq!(
            (known.status, &known.body),
            (unknown.status, &unknown.body),
            "{backend:?}: sign-up"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM notification_outbox WHERE kind = 'compte_existant'")
                .await,
            1,
            "the owner of the known address is told"
        );
        // Then signing in with the password just chosen: the same answer whether the
        // sign-up made an account (not confirmed yet) or the address had one already.
        let chosen = "le mot de passe choisi à l'inscription";
        sign_up("connu@exemple.fr", chosen).await;
        sign_up("nouveau@exemple.fr", chosen).await;
        let known = visitor.log_in("connu@exemple.fr", chosen).await;
        let new = visitor.log_in("nouveau@exemple.fr", chosen).await;
        assert_eq!(known.status, 422, "{backend:?}: {}", known.body);
        assert_eq!(
            (known.status, known.body.replace("connu@", "X@")),
            (new.status, new.body.replace("nouveau@", "X@")),
            "{backend:?}: sign-in after sign-up"
        );

        let known = visitor
            .call("request_password_reset", &[("email", "connu@exemple.fr")])
            .await;
        let unknown = visitor
            .call(
                "request_password_reset",
                &[("email", "personne@exemple.fr")],
            )
            .await;
        assert_eq!(
            (known.status, &known.body),
            (unknown.status, &unknown.body),
            "reset"
        );

        let known = visitor
            .log_in("connu@exemple.fr", "pas le bon mot de passe")
            .await;
        let unknown = visitor
            .log_in("personne@exemple.fr", "pas le bon mot de passe")
            .await;
        assert_eq!(known.status, 422);
        assert_eq!(
            (known.status, known.body.replace("connu@", "X@")),
            (unknown.status, unknown.body.replace("personne@", "X@")),
            "log in"
        );

        // Timing: an unknown address costs a password check too (a decoy hash). Other
        // tests run beside this one and only ever add time, so the fastest of several
        // attempts is the cost of the answer itself.
        let mut fastest = [Duration::MAX; 2];
        for round in 0..10 {
            for (i, email) in ["connu@exemple.fr", "personne@exemple.fr"]
                .into_iter()
                .enumerate()
            {
                let start = Instant::now();
                visitor.log_in(email, &format!("essai {round}")).await;
                fastest[i] = fastest[i].min(start.elapsed());
            }
        }
        let [known, unknown] = fastest;
        assert!(
            unknown * 2 > known && known * 2 > unknown,
            "{backend:?}: fastest {known:?} for a known address, {unknown:?} for an unknown one"
        );
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_link_works_once_within_the_hour_and_ends_sessions() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (mut session, _) = app.signed_in("etudiant", "oubli@exemple.fr").await;
        let mut visitor = app.visitor();
        let asked = visitor
            .call("request_password_reset", &[("email", "oubli@exemple.fr")])
            .await;
        assert_eq!(asked.status, 200);
        let token = app
            .token_from_outbox("oubli@exemple.fr", "reinitialisation")
            .await;
        let valid = visitor
            .call("reset_token_is_valid", &[("token", &token)])
            .await;
        assert_eq!(valid.body, "true");

        let short = visitor
            .call(
                "reset_password",
                &[("token", &token), ("password", "court")],
            )
            .await;
        assert_eq!(short.status, 422);
        assert!(short.body.contains("12 caractères"), "{}", short.body);

        // A second link asked for later: the first reset ends it too.
        visitor
            .call("request_password_reset", &[("email", "oubli@exemple.fr")])
            .await;
        let second = app
            .token_from_outbox("oubli@exemple.fr", "reinitialisation")
            .await;
        assert_ne!(second, token);

        let new_password = "un tout nouveau mot de passe";
        let reset = visitor
            .call(
                "reset_password",
                &[("token", &token), ("password", new_password)],
            )
            .await;
        assert_eq!(reset.status, 200, "{backend:?}: {}", reset.body);
        let reused = visitor
            .call(
                "reset_password",
                &[
                    ("token", &token),
                    ("password", "encore un autre mot de passe"),
                ],
            )
            .await;
        assert_eq!(reused.status, 409, "single use");
        let other_link = visitor
            .call("reset_token_is_valid", &[("token", &second)])
            .await;
        assert_eq!(
            other_link.body, "false",
            "{backend:?}: the other link ended"
        );
        assert_eq!(
            session.whoami().await,
            "null",
            "sessions end with the reset"
        );
        assert_eq!(
            visitor.log_in("oubli@exemple.fr", PASSWORD).await.status,
            422
        );
        assert_eq!(
            visitor
                .log_in("oubli@exemple.fr", new_password)
                .await
                .status,
            200
        );

        // An hour later the link is dead.
        visitor
            .call("request_password_reset", &[("email", "oubli@exemple.fr")])
            .await;
        let late = app
            .token_from_outbox("oubli@exemple.fr", "reinitialisation")
            .await;
        assert_ne!(late, token);
        sqlx::query("UPDATE email_tokens SET expires_at = $1 WHERE token_hash = $2")
            .bind(app::db::now_ms() - 1)
            .bind(app::security::tokens::token_digest(&late))
            .execute(app.db.pool())
            .await
            .expect("age the token");
        let expired = visitor
            .call(
                "reset_password",
                &[
                    ("token", &late),
                    ("password", "encore un autre mot de passe"),
                ],
            )
            .await;
        assert_eq!(expired.status, 409);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_pages_send_visitors_to_sign_in_and_refuse_other_roles() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let visitor = app.visitor();
        for page in [
            "/profil",
            "/candidature",
            "/ambassadeur",
            "/organisation",
            "/organisation/binomes?q=Durand&page=2",
        ] {
            let answer = visitor.page(page).await;
            assert_eq!(answer.status, 303, "{backend:?}: {page}");
            assert_eq!(
                answer.location(),
                Some(app::domain::account::sign_in_link(page).as_str()),
                "{backend:?}: {page}"
            );
        }
        assert_eq!(
            app::domain::account::sign_in_link("/organisation/binomes?q=Durand&page=2"),
            "/connexion?suivant=%2Forganisation%2Fbinomes%3Fq%3DDurand%26page%3D2"
        );
        // Public pages stay open to everyone.
        for page in ["/", "/offres", "/connexion", "/inscription"] {
            assert_eq!(visitor.page(page).await.status, 200, "{backend:?}: {page}");
        }

        // Signing in from that page (a plain form post) leads back to the page asked for.
        app.account("etudiant", "etu@exemple.fr").await;
        let answer = app
            .visitor()
            .log_in_without_javascript("etu@exemple.fr", PASSWORD, "/profil")
            .await;
        assert!(answer.is_redirection(), "{backend:?}");
        assert_eq!(answer.location().unwrap_or_default(), "/profil");

        // A signed-in user gets their own space, and a 403 page for the others.
        let (student, _) = app.signed_in("etudiant", "etu2@exemple.fr").await;
        let profile = student.page("/profil").await;
        assert_eq!(profile.status, 200, "{backend:?}: {}", profile.body);
        assert!(profile.body.contains("Mon profil"));
        for page in ["/ambassadeur", "/organisation", "/organisation/binomes"] {
            let answer = student.page(page).await;
            assert_eq!(answer.status, 403, "{backend:?}: {page}");
            assert!(
                answer
                    .body
                    .contains("Cette action n&#x27;est pas ouverte à votre compte")
                    || answer
                        .body
                        .contains("Cette action n'est pas ouverte à votre compte"),
                "{backend:?}: {page}"
            );
        }
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sign_in_only_local_pages_are_followed() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.account("etudiant", "etu@exemple.fr").await;
        for (next, expected) in [
            ("/profil", Some("/profil")),
            ("/\t/evil.example", None),
            ("/\n/evil.example", None),
            ("/profil\r\nSet-Cookie: x=1", None),
            ("//evil.example", None),
            ("https://evil.example/", None),
        ] {
            // A new browser each time, as each attempt was its own.
            let answer = app
                .visitor()
                .log_in_without_javascript("etu@exemple.fr", PASSWORD, next)
                .await;
            let (status, location) = (answer.status, answer.location().unwrap_or_default());
            assert!(answer.is_redirection(), "{backend:?}: {next:?}: {status}");
            match expected {
                Some(path) => assert_eq!(location, path, "{backend:?}"),
                None => {
                    assert!(
                        location.starts_with('/') && !location.starts_with("//"),
                        "{backend:?}: {next:?} → {location}"
                    );
                    assert!(!location.contains("evil"), "{backend:?}: {location}");
                    assert!(!location.contains("Set-Cookie"), "{backend:?}: {location}");
                }
            }
        }
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn form_posts_from_another_site_are_refused() {
    let app = TestApp::spawn(app::db::Backend::Sqlite).await;
    let fields = [("email", "x@exemple.fr"), ("password", "y")];
    let post = |headers: &'static [(&'static str, &'static str)]| {
        // A new browser each time, as each post was its own.
        let mut visitor = app.visitor();
        async move { visitor.call_with_headers("log_in", &fields, headers).await }
    };
    assert_eq!(
        post(&[("origin", "https://evil.example")]).await.status,
        403
    );
    assert_eq!(post(&[]).await.status, 422);
    let own = app
        .visitor()
        .call_with_headers("log_in", &fields, &[("origin", app.base.as_str())])
        .await;
    assert_eq!(own.status, 422);
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organisers_are_created_on_the_command_line() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    // The command writes to the database the server reads.
    let app = TestApp::spawn(app::db::Backend::Sqlite).await;
    let create = |role: &str, password: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vismonjob"))
            .args([
                "user",
                "create",
                "--role",
                role,
                "--email",
                "Orga@Exemple.fr",
            ])
            .env("DATABASE_URL", app.database_url())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("vismonjob");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(format!("{password}\n").as_bytes())
            .expect("password");
        child.wait_with_output().expect("output")
    };
    let refused = create("etudiant", PASSWORD);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("organisateur"));
    let short = create("organiser", "court");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("12 caractères"));
    let created = create("organiser", PASSWORD);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );

    let mut organiser = app.visitor();
    assert_eq!(
        organiser.log_in("orga@exemple.fr", PASSWORD).await.status,
        200
    );
    let id: i64 = app
        .count("SELECT id FROM users WHERE email = 'orga@exemple.fr'")
        .await;
    app.pass_second_factor(&mut organiser, id).await;
    assert!(organiser.whoami().await.contains("Organiser"));

    // Run again on the account (a new password): its sessions end.
    let replaced = create("organiser", "un autre mot de passe solide");
    assert!(replaced.status.success());
    assert_eq!(organiser.whoami().await, "null", "sessions ended");

    // A student made organiser: the role change is in the audit log.
    let (mut student, _) = app.signed_in("etudiant", "promue@exemple.fr").await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_vismonjob"))
        .args([
            "user",
            "create",
            "--role",
            "organiser",
            "--email",
            "promue@exemple.fr",
        ])
        .env("DATABASE_URL", app.database_url())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("vismonjob");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .expect("password");
    assert!(child.wait().expect("exit").success());
    assert_eq!(student.whoami().await, "null");
    let details: String = sqlx::query_scalar(
        "SELECT details FROM audit_log WHERE action = 'organisateur_cree' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("audited");
    assert!(
        details.contains(r#""role_precedent":"etudiant""#),
        "{details}"
    );
    app.cleanup().await;
}

const FIREFOX: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_sessions_are_listed_and_end_everywhere_at_once() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let user_id = app.account("etudiant", "partout@exemple.fr").await;
        let mut laptop = app.visitor();
        let signed = laptop
            .call_with_headers(
                "log_in",
                &[("email", "partout@exemple.fr"), ("password", PASSWORD)],
                &[("user-agent", FIREFOX)],
            )
            .await;
        assert_eq!(signed.status, 200, "{}", signed.body);
        let mut phone = app.visitor();
        assert_eq!(
            phone.log_in("partout@exemple.fr", PASSWORD).await.status,
            200
        );

        let listed = laptop.call("open_sessions", &[]).await;
        assert_eq!(listed.status, 200, "{backend:?}: {}", listed.body);
        let sessions: Vec<serde_json::Value> = serde_json::from_str(&listed.body).expect("a list");
        assert_eq!(sessions.len(), 2, "{}", listed.body);
        let current: Vec<_> = sessions.iter().filter(|s| s["current"] == true).collect();
        assert_eq!(current.len(), 1, "{}", listed.body);
        assert_eq!(current[0]["device"], "Firefox sur Windows");
        assert!(
            !listed
                .body
                .contains(laptop.cookie.as_deref().unwrap_or("?")),
            "session ids stay on the server"
        );
        let page = laptop.page("/compte").await;
        assert_eq!(page.status, 200, "{backend:?}");
        for text in [
            "Mon compte",
            "Firefox sur Windows",
            "Cet appareil",
            "partout@exemple.fr",
        ] {
            assert!(page.body.contains(text), "{backend:?}: {text}");
        }
        assert_eq!(app.visitor().call("open_sessions", &[]).await.status, 401);
        assert_eq!(app.visitor().page("/compte").await.status, 303);

        let ended = phone.call("sign_out_everywhere", &[]).await;
        assert_eq!(ended.status, 200, "{backend:?}: {}", ended.body);
        assert_eq!(
            laptop.whoami().await,
            "null",
            "{backend:?}: the other device"
        );
        assert_eq!(phone.whoami().await, "null", "{backend:?}: this one too");
        assert_eq!(app.audited("deconnexion_partout", user_id).await, 1);
        app.cleanup().await;
    }
}

/// A request that began before a sign-out and saves its session afterwards must not
/// bring the session back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ended_elsewhere_is_not_saved_back() {
    use tower_sessions::session::{Id, Record};
    use tower_sessions::session_store::SessionStore;
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (mut caller, user_id) = app.signed_in("etudiant", "revenant@exemple.fr").await;
        let store = app::db::sessions::DbSessionStore::new(app.db.clone());
        let id: Id = caller
            .cookie
            .clone()
            .expect("cookie")
            .parse()
            .expect("a session id");
        let loaded: Record = store.load(&id).await.expect("load").expect("the session");
        let mut connection = app.db.pool().acquire().await.expect("connection");
        app::db::sessions::delete_for_user(&mut connection, user_id)
            .await
            .expect("ended");
        drop(connection);
        store.save(&loaded).await.expect("save");
        assert!(
            store.load(&id).await.expect("load").is_none(),
            "{backend:?}"
        );
        assert_eq!(caller.whoami().await, "null", "{backend:?}");
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_keeps_this_session_and_ends_the_others() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (mut here, user_id) = app
            .signed_in("ambassadeur", "change@numerique.gouv.fr")
            .await;
        let mut elsewhere = app.visitor();
        assert_eq!(
            elsewhere
                .log_in("change@numerique.gouv.fr", PASSWORD)
                .await
                .status,
            200
        );
        app.visitor()
            .call(
                "request_password_reset",
                &[("email", "change@numerique.gouv.fr")],
            )
            .await;
        let link = app
            .token_from_outbox("change@numerique.gouv.fr", "reinitialisation")
            .await;
        let new_password = "une toute nouvelle phrase";
        let change = |current: &'static str, new: &'static str| {
            vec![("current_password", current), ("new_password", new)]
        };

        for (fields, field, message) in [
            (
                change("", new_password),
                "current_password",
                "Indiquez votre mot de passe actuel",
            ),
            (
                change("pas le bon mot de passe", new_password),
                "current_password",
                "Mot de passe actuel incorrect",
            ),
            (change(PASSWORD, "court"), "new_password", "12 caractères"),
            (
                change(PASSWORD, PASSWORD),
                "new_password",
                "différent de l'actuel",
            ),
        ] {
            let refused = here.call("change_password", &fields).await;
            assert_eq!(refused.status, 422, "{backend:?}: {}", refused.body);
            assert!(
                refused.body.contains(field) && refused.body.contains(message),
                "{backend:?}: {}",
                refused.body
            );
        }
        assert_eq!(
            app.visitor()
                .call("change_password", &change(PASSWORD, new_password))
                .await
                .status,
            401
        );

        let changed = here
            .call("change_password", &change(PASSWORD, new_password))
            .await;
        assert_eq!(changed.status, 200, "{backend:?}: {}", changed.body);
        assert!(
            here.whoami().await.contains("change@"),
            "{backend:?}: this session goes on"
        );
        assert_eq!(
            elsewhere.whoami().await,
            "null",
            "{backend:?}: the other one ended"
        );
        let valid = app
            .visitor()
            .call("reset_token_is_valid", &[("token", &link)])
            .await;
        assert_eq!(valid.body, "false", "{backend:?}: the reset link ended");
        let mut visitor = app.visitor();
        assert_eq!(
            visitor
                .log_in("change@numerique.gouv.fr", PASSWORD)
                .await
                .status,
            422
        );
        assert_eq!(
            visitor
                .log_in("change@numerique.gouv.fr", new_password)
                .await
                .status,
            200
        );
        assert_eq!(app.audited("mot_de_passe_modifie", user_id).await, 1);
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ins_and_sign_outs_are_security_events_without_secrets() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let user_id = app.account("etudiant", "trace@exemple.fr").await;
        let mut caller = app.visitor();
        assert_eq!(
            caller
                .log_in("trace@exemple.fr", "un mauvais mot de passe")
                .await
                .status,
            422
        );
        assert_eq!(
            caller
                .log_in("inconnue@exemple.fr", "un mauvais mot de passe")
                .await
                .status,
            422
        );
        assert_eq!(
            caller.log_in("trace@exemple.fr", PASSWORD).await.status,
            200
        );
        assert_eq!(caller.call("log_out", &[]).await.status, 200);
        let events: Vec<(Option<i64>, String, String, String)> = sqlx::query_as(
            "SELECT actor_id, action, entity_id, details FROM audit_log
             WHERE action IN ('connexion', 'connexion_refusee', 'deconnexion') ORDER BY id",
        )
        .fetch_all(app.db.pool())
        .await
        .expect("events");
        let id = user_id.to_string();
        let actions: Vec<(Option<i64>, &str, &str)> = events
            .iter()
            .map(|(actor, action, subject, _)| (*actor, action.as_str(), subject.as_str()))
            .collect();
        // A refused sign-in has no actor: it names the account it aimed at, if any.
        assert_eq!(
            actions,
            [
                (None, "connexion_refusee", id.as_str()),
                (None, "connexion_refusee", ""),
                (Some(user_id), "connexion", id.as_str()),
                (Some(user_id), "deconnexion", id.as_str()),
            ],
            "{backend:?}"
        );
        for (_, _, _, details) in &events {
            assert!(
                !details.contains("mauvais")
                    && !details.contains(PASSWORD)
                    && !details.contains('@'),
                "{backend:?}: {details}"
            );
        }
        app.cleanup().await;
    }
}

/// Without JavaScript, a refused form comes back to its page with the messages and what
/// was typed, kept in the session: none of it rides in the redirect's URL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_form_keeps_what_was_typed_out_of_the_url() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let mut visitor = app.visitor();
        let page = format!("{}/inscription?depuis=accueil", app.base);
        let refused = visitor
            .call_with_headers(
                "sign_up",
                &[
                    ("role", "etudiant"),
                    ("first_name", "Camille"),
                    ("last_name", "Nom-Tres-Personnel"),
                    ("email", "pas-une-adresse"),
                    ("password", "court"),
                ],
                &[("accept", "text/html"), ("referer", &page)],
            )
            .await;
        assert!(refused.is_redirection(), "{backend:?}: {}", refused.status);
        assert_eq!(
            refused.location(),
            Some("/inscription?depuis=accueil"),
            "{backend:?}: nothing typed in the URL"
        );
        let shown = visitor.page("/inscription?depuis=accueil").await;
        assert_eq!(shown.status, 200, "{backend:?}");
        for kept in [
            "Nom-Tres-Personnel",
            "Adresse électronique invalide",
            "12 caractères",
        ] {
            assert!(shown.body.contains(kept), "{backend:?}: {kept}");
        }
        let again = visitor.page("/inscription?depuis=accueil").await;
        assert!(
            !again.body.contains("Nom-Tres-Personnel"),
            "{backend:?}: shown once"
        );
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_download_holds_the_account_and_nothing_of_anyone_else() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let fixture = catalogue_fixture(&app.db).await;
        let (student, student_id) =
            applicant(&app, &fixture, "donnees@exemple.fr", &["F2", "F3"]).await;
        applicant(&app, &fixture, "quelqu-un-d-autre@exemple.fr", &["F2"]).await;

        let answer = student.page("/compte/mes-donnees.json").await;
        assert_eq!(answer.status, 200, "{backend:?}: {}", answer.body);
        assert_eq!(
            answer.headers["content-disposition"],
            "attachment; filename=\"vismonjob-mes-donnees.json\""
        );
        assert_eq!(answer.headers["cache-control"], "no-store");
        let data: serde_json::Value = serde_json::from_str(&answer.body).expect("JSON");
        assert_eq!(data["compte"][0]["email"], "donnees@exemple.fr");
        assert_eq!(data["compte"][0]["id"], student_id);
        assert_eq!(data["profil_etudiant"][0]["school"], "IUT de Lannion");
        assert_eq!(
            data["candidatures"][0]["motivation"],
            "J'aimerais découvrir le métier de près."
        );
        assert_eq!(data["voeux"].as_array().map(Vec::len), Some(2));
        let actions: Vec<&str> = data["journal"]
            .as_array()
            .expect("the audit entries")
            .iter()
            .filter_map(|entry| entry["action"].as_str())
            .collect();
        assert!(actions.contains(&"connexion"), "{backend:?}: {actions:?}");
        for secret_or_other in [
            "password_hash",
            "$argon2",
            "quelqu-un-d-autre",
            student.cookie.as_deref().unwrap_or("?"),
        ] {
            assert!(
                !answer.body.contains(secret_or_other),
                "{backend:?}: {secret_or_other}"
            );
        }
        assert_eq!(app.audited("donnees_telechargees", student_id).await, 1);

        // A pair not announced yet is not shown, in the app nor in the file.
        sqlx::query(
            "INSERT INTO pairs (edition_id, student_id, offer_id, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(fixture.edition_id)
        .bind(student_id)
        .bind(fixture.id("F2"))
        .bind(app::db::now_ms())
        .execute(app.db.pool())
        .await
        .expect("a pair in the making");
        let pairs = |body: &str| {
            let data: serde_json::Value = serde_json::from_str(body).expect("JSON");
            data["binomes"].as_array().map(Vec::len)
        };
        let before = student.page("/compte/mes-donnees.json").await;
        assert_eq!(pairs(&before.body), Some(0), "{backend:?}");
        sqlx::query("UPDATE pairs SET published_at = $1")
            .bind(app::db::now_ms())
            .execute(app.db.pool())
            .await
            .expect("announced");
        let after = student.page("/compte/mes-donnees.json").await;
        assert_eq!(pairs(&after.body), Some(1), "{backend:?}");

        let visitor = app.visitor().page("/compte/mes-donnees.json").await;
        assert_eq!(visitor.status, 303, "{backend:?}");
        assert_eq!(
            visitor.location(),
            Some(app::domain::account::sign_in_link("/compte/mes-donnees.json").as_str())
        );
        app.cleanup().await;
    }
}
