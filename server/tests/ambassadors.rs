//! The ambassador's profile against the real server on both databases: who may read and
//! write it, what is refused and kept, what is stored.

mod common;

use app::db::testing::backends;
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ambassador_writes_their_profile() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (mut ambassador, _) = app.signed_in("ambassadeur", "amb@interieur.gouv.fr").await;
        let (mut other, _) = app
            .signed_in("ambassadeur", "autre@interieur.gouv.fr")
            .await;
        let (mut student, _) = app.signed_in("etudiant", "etu@exemple.fr").await;

        // Only an ambassador, for their own profile.
        assert_eq!(
            app.visitor()
                .call("get_ambassador_profile", &[])
                .await
                .status,
            401
        );
        assert_eq!(
            student.call("get_ambassador_profile", &[]).await.status,
            403
        );
        let valid = [
            ("job_title", "Cheffe de projet numérique"),
            ("administration", "dinum"),
            ("phone", "+33 6 12 34 56 78"),
            (
                "presentation",
                "J'accompagne les équipes produit de la DINUM.",
            ),
        ];
        assert_eq!(
            student.call("save_ambassador_profile", &valid).await.status,
            403,
            "{backend:?}"
        );
        let empty = ambassador.call("get_ambassador_profile", &[]).await;
        assert_eq!(empty.status, 200, "{backend:?}: {}", empty.body);
        assert!(empty.body.contains(r#""job_title":"""#), "{}", empty.body);
        assert!(
            empty.body.contains(r#""value":"dinum""#),
            "the directory to choose from"
        );

        // Refused field by field, with what was typed kept.
        let refused = ambassador
            .call(
                "save_ambassador_profile",
                &[
                    ("job_title", "R"),
                    ("administration", ""),
                    ("phone", "12"),
                    ("presentation", "Trop court"),
                ],
            )
            .await;
        assert_eq!(refused.status, 422, "{backend:?}: {}", refused.body);
        for field in ["job_title", "administration", "phone", "presentation"] {
            assert!(refused.body.contains(field), "{field}: {}", refused.body);
        }
        assert!(
            refused.body.contains("Trop court"),
            "what was typed comes back"
        );
        let unknown = ambassador
            .call(
                "save_ambassador_profile",
                &[
                    ("job_title", "Architecte"),
                    ("administration", "atlantide"),
                    ("phone", ""),
                    ("presentation", "Une présentation assez longue."),
                ],
            )
            .await;
        assert_eq!(unknown.status, 422, "{backend:?}");
        assert!(unknown.body.contains("annuaire"), "{}", unknown.body);

        let saved = ambassador.call("save_ambassador_profile", &valid).await;
        assert_eq!(saved.status, 200, "{backend:?}: {}", saved.body);
        let read = ambassador.call("get_ambassador_profile", &[]).await.body;
        assert!(read.contains("Cheffe de projet numérique"), "{read}");
        assert!(read.contains(r#""administration":"dinum""#), "{read}");
        assert!(read.contains(r#""phone":"06 12 34 56 78""#), "{read}");
        let theirs = other.call("get_ambassador_profile", &[]).await.body;
        assert!(!theirs.contains("Cheffe de projet"), "each reads their own");

        // The page, with and without JavaScript.
        let page = app.visitor().page("/ambassadeur/profil").await;
        assert_eq!(page.status, 303, "{backend:?}: sign in first");
        let page = ambassador.page("/ambassadeur/profil").await;
        assert_eq!(page.status, 200, "{backend:?}");
        assert!(
            page.body.contains("J&#x27;accompagne les équipes produit")
                || page.body.contains("J'accompagne les équipes produit")
        );
        assert!(
            page.body.contains(r#"<option value="dinum" selected"#),
            "{backend:?}"
        );
        let posted = ambassador
            .post_form_as_browser("save_ambassador_profile", &valid)
            .await;
        assert_eq!(
            posted.location(),
            Some("/ambassadeur/profil?profil=enregistre"),
            "{backend:?}"
        );
        app.cleanup().await;
    }
}
