//! Password hashing under a flood, against the real server on both databases: a bogus
//! reset link costs no hash, hashes never run more than one per core at once, and
//! resets are rate-limited. In a binary of their own: the counters read are the
//! process's (the other test here computes no hash).

mod common;

use app::db::testing::backends;
use app::security::passwords::{hashing_capacity, hashing_stats};
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn floods_of_resets_and_sign_ins_stay_within_the_hashing_cap() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        app.account("etudiant", "camille@exemple.fr").await;

        // 40 resets with made-up links at once: refused, and not one hash computed.
        let before = hashing_stats();
        let resets = (0..40).map(|i| {
            let mut visitor = app.visitor();
            tokio::spawn(async move {
                let token = format!("jeton-invente-{i}");
                visitor
                    .call(
                        "reset_password",
                        &[("token", token.as_str()), ("password", PASSWORD)],
                    )
                    .await
            })
        });
        for reset in resets.collect::<Vec<_>>() {
            let answer = reset.await.expect("task");
            assert_eq!(answer.status, 409, "{backend:?}: {}", answer.body);
            assert!(
                answer.body.contains("Ce lien n'est plus valable"),
                "{}",
                answer.body
            );
        }
        assert_eq!(
            hashing_stats().started,
            before.started,
            "{backend:?}: a bogus link costs no hash"
        );

        // 24 sign-ins at once (known and unknown addresses, wrong passwords): each is
        // checked, never more than one per core at a time.
        let sign_ins = (0..24).map(|i| {
            let mut visitor = app.visitor();
            tokio::spawn(async move {
                let email = if i % 2 == 0 {
                    "camille@exemple.fr".to_string()
                } else {
                    format!("inconnu{i}@exemple.fr")
                };
                visitor.log_in(&email, "pas le bon mot de passe").await
            })
        });
        for sign_in in sign_ins.collect::<Vec<_>>() {
            let answer = sign_in.await.expect("task");
            assert_eq!(answer.status, 422, "{backend:?}: {}", answer.body);
        }
        let after = hashing_stats();
        assert!(
            after.started >= before.started + 24,
            "{backend:?}: every sign-in was checked"
        );
        assert!(
            after.peak_in_flight <= hashing_capacity(),
            "{backend:?}: {} hashes at once for {} cores",
            after.peak_in_flight,
            hashing_capacity()
        );
        app.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resets_are_rate_limited_per_address() {
    for backend in backends() {
        let app = TestApp::spawn_with(backend, |config| config.rate_limit_per_address = 5).await;
        let mut visitor = app.visitor();
        for _ in 0..5 {
            let answer = visitor
                .call("reset_password", &[("token", "x"), ("password", PASSWORD)])
                .await;
            assert_eq!(answer.status, 409, "{backend:?}: {}", answer.body);
        }
        let blocked = visitor
            .call("reset_password", &[("token", "x"), ("password", PASSWORD)])
            .await;
        assert_eq!(blocked.status, 429, "{backend:?}: {}", blocked.body);
        assert!(blocked.body.contains("RateLimited"), "{}", blocked.body);
        app.cleanup().await;
    }
}
