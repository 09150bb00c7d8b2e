//! The ambassador's offer editor and the organisers' validation, against the real server
//! on both databases: who may do what, every state change and what it refuses, what
//! reaches the catalogue, the outbox and the audit log — with and without JavaScript.

mod common;

use app::db::testing::backends;
use common::*;

const PROFILE: [(&str, &str); 4] = [
    ("job_title", "Développeuse"),
    ("administration", "dinum"),
    ("phone", ""),
    (
        "presentation",
        "Je développe des services publics numériques à la DINUM.",
    ),
];

fn offer_form(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("job", "developpeur".into()),
        ("administration", "dinum".into()),
        ("title", title.into()),
        ("commune", "Rennes".into()),
        ("address", "2 rue de la Mabilais".into()),
        ("capacity", "2".into()),
        ("level_3", "on".into()),
        ("level_4", "on".into()),
        ("step_free_access", "on".into()),
        (
            "description",
            "Une journée au sein d'une équipe produit : revue de code, démonstration, échanges avec les usagers.".into(),
        ),
    ]
}

fn fields<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The offer's id, from the editor's redirect `/ambassadeur/offres/{id}?offre=…` (the
/// `Location` of a plain post's redirect, or of a script's call).
fn offer_id_of(answer: &Answer) -> i64 {
    let location = answer.location().unwrap_or_default().to_string();
    location
        .trim_start_matches("/ambassadeur/offres/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("an offer's address: {location:?} ({})", answer.body))
}

async fn status_of(app: &TestApp, offer_id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM offers WHERE id = $1")
        .bind(offer_id)
        .fetch_one(app.db.pool())
        .await
        .expect("offer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offer_is_written_submitted_validated_and_published() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        catalogue_fixture(&app.db).await;
        let (mut ambassador, ambassador_id) = app
            .signed_in("ambassadeur", "claire@numerique.gouv.fr")
            .await;
        let (mut organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;

        // A form with faults comes back field by field, with what was typed.
        let mut faulty = offer_form("Court");
        faulty.retain(|(k, _)| !k.starts_with("level_"));
        let refused = ambassador.call("save_offer", &fields(&faulty)).await;
        assert_eq!(refused.status, 422, "{backend:?}: {}", refused.body);
        assert!(refused.body.contains("title") && refused.body.contains("levels"));
        assert!(
            refused.body.contains("2 rue de la Mabilais"),
            "typed values kept"
        );
        let mut unknown_place = offer_form("Une journée avec l'équipe produit");
        unknown_place.retain(|(k, _)| *k != "commune");
        unknown_place.push(("commune", "Nullepartville".into()));
        let refused = ambassador.call("save_offer", &fields(&unknown_place)).await;
        assert_eq!(refused.status, 422, "{backend:?}");
        assert!(
            refused.body.contains("Commune introuvable"),
            "{}",
            refused.body
        );

        // Saved as a draft: not in the catalogue.
        let saved = ambassador
            .call(
                "save_offer",
                &fields(&offer_form("Une journée avec l'équipe produit")),
            )
            .await;
        assert_eq!(saved.status, 200, "{backend:?}: {}", saved.body);
        let offer = offer_id_of(&saved);
        let id = offer.to_string();
        assert_eq!(status_of(&app, offer).await, "brouillon");
        assert_eq!(
            app.visitor().page(&format!("/offres/{id}")).await.status,
            404
        );
        let again = ambassador
            .call(
                "save_offer",
                &fields(&offer_form("Une deuxième offre de la même personne")),
            )
            .await;
        assert_eq!(again.status, 409, "one offer per edition: {}", again.body);

        // Submitting needs a programme and a complete profile.
        let early = ambassador.call("submit_offer", &[("offer_id", &id)]).await;
        assert_eq!(early.status, 409, "{backend:?}: {}", early.body);
        assert!(early.body.contains("au moins une étape"), "{}", early.body);
        for (time, title) in [
            ("9h00", "Accueil"),
            ("10:00", "Réunion d'équipe"),
            ("14:00", "Atelier"),
            ("16:30", "Bilan"),
        ] {
            let added = ambassador
                .call(
                    "add_programme_item",
                    &[
                        ("offer_id", &id),
                        ("starts_at", time),
                        ("title", title),
                        ("details", ""),
                    ],
                )
                .await;
            assert_eq!(added.status, 200, "{backend:?}: {}", added.body);
        }
        let bad_step = ambassador
            .call(
                "add_programme_item",
                &[("offer_id", &id), ("starts_at", "25:00"), ("title", "Nuit")],
            )
            .await;
        assert_eq!(bad_step.status, 422, "{}", bad_step.body);
        assert!(bad_step.body.contains("starts_at"), "{}", bad_step.body);
        let steps = |app: &TestApp| {
            let pool = app.db.pool().clone();
            async move {
                sqlx::query_as::<_, (i64, String)>(
                    "SELECT id, title FROM programme_items WHERE offer_id = $1 ORDER BY position",
                )
                .bind(offer)
                .fetch_all(&pool)
                .await
                .expect("programme")
            }
        };
        let before = steps(&app).await;
        assert_eq!(before.len(), 4);
        let bilan = before[3].0.to_string();
        let moved = ambassador
            .call(
                "change_programme_item",
                &[("item_id", &bilan), ("change", "haut")],
            )
            .await;
        assert_eq!(moved.status, 200, "{}", moved.body);
        let titles: Vec<String> = steps(&app).await.into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            titles,
            ["Accueil", "Réunion d'équipe", "Bilan", "Atelier"],
            "{backend:?}"
        );
        let first = before[0].0.to_string();
        ambassador
            .call(
                "change_programme_item",
                &[("item_id", &first), ("change", "haut")],
            )
            .await;
        assert_eq!(
            steps(&app).await[0].1,
            "Accueil",
            "the first step stays first"
        );
        let removed = ambassador
            .call(
                "change_programme_item",
                &[("item_id", &first), ("change", "retirer")],
            )
            .await;
        assert_eq!(removed.status, 200);
        assert_eq!(steps(&app).await.len(), 3);

        let incomplete = ambassador.call("submit_offer", &[("offer_id", &id)]).await;
        assert_eq!(incomplete.status, 409);
        assert!(incomplete.body.contains("profil"), "{}", incomplete.body);
        let profile = ambassador.call("save_ambassador_profile", &PROFILE).await;
        assert_eq!(profile.status, 200, "{}", profile.body);
        let submitted = ambassador.call("submit_offer", &[("offer_id", &id)]).await;
        assert_eq!(submitted.status, 200, "{backend:?}: {}", submitted.body);
        assert_eq!(status_of(&app, offer).await, "soumise");

        // The organisers' queue; a refusal needs a reason, which the ambassador reads.
        let queue = organiser.call("get_offer_review_queue", &[]).await;
        assert!(
            queue.body.contains("Une journée avec l'équipe produit"),
            "{}",
            queue.body
        );
        let page = organiser.page(&format!("/organisation/offres/{id}")).await;
        assert_eq!(page.status, 200, "{backend:?}");
        assert!(
            page.body.contains("Réunion d&#x27;équipe") || page.body.contains("Réunion d'équipe")
        );
        let no_reason = organiser
            .call("refuse_offer", &[("offer_id", &id), ("reason", "")])
            .await;
        assert_eq!(no_reason.status, 422, "{}", no_reason.body);
        let reason = "Précisez l'adresse : le bâtiment et l'étage manquent.";
        let refused = organiser
            .call("refuse_offer", &[("offer_id", &id), ("reason", reason)])
            .await;
        assert_eq!(refused.status, 200, "{backend:?}: {}", refused.body);
        assert_eq!(status_of(&app, offer).await, "refusee");
        let notice: String = sqlx::query_scalar(
            "SELECT body_text FROM notification_outbox WHERE kind = 'offre_refusee' AND recipient = $1",
        )
        .bind("claire@numerique.gouv.fr")
        .fetch_one(app.db.pool())
        .await
        .expect("the refusal notice");
        assert!(notice.contains(reason), "{notice}");
        let editor = ambassador
            .call("get_offer_editor", &[("offer_id", &id)])
            .await;
        assert!(
            editor.body.contains("le bâtiment et l'étage"),
            "{}",
            editor.body
        );
        // Deciding twice is refused: the offer is no longer waiting.
        let twice = organiser.call("publish_offer", &[("offer_id", &id)]).await;
        assert_eq!(twice.status, 409, "{}", twice.body);

        // Resubmitted and published: in the catalogue at once, the ambassador told.
        ambassador.call("submit_offer", &[("offer_id", &id)]).await;
        let published = organiser.call("publish_offer", &[("offer_id", &id)]).await;
        assert_eq!(published.status, 200, "{backend:?}: {}", published.body);
        let decided = organiser.page(&format!("/organisation/offres/{id}")).await;
        assert!(
            decided.body.contains("n&#x27;attend pas de validation")
                || decided.body.contains("n'attend pas de validation"),
            "{backend:?}"
        );
        assert!(decided.body.contains("Publiée"), "its state is shown");
        let public = app.visitor().page(&format!("/offres/{id}")).await;
        assert_eq!(public.status, 200, "{backend:?}");
        assert!(public.body.contains("Locaux accessibles de plain-pied"));
        assert!(
            !public.body.contains("Pièce d&#x27;identité")
                && !public.body.contains("Pièce d'identité"),
            "only what the ambassador stated"
        );
        let search = app.visitor().page("/offres?q=equipe+produit").await;
        assert!(
            card_ids(&search.body).contains(&offer),
            "{backend:?}: in the catalogue"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM notification_outbox WHERE kind = 'offre_publiee'")
                .await,
            1
        );

        // A text edit keeps it published; a change of capacity sends it back.
        let mut edited = offer_form("Une journée avec l'équipe produit de la DINUM");
        edited.push(("offer_id", id.clone()));
        let text_edit = ambassador.call("save_offer", &fields(&edited)).await;
        assert_eq!(text_edit.status, 200, "{}", text_edit.body);
        assert_eq!(status_of(&app, offer).await, "publiee", "{backend:?}");
        assert!(app::db::offers::take_seats(&app.db, offer, 2)
            .await
            .expect("seats"));
        let mut smaller = edited.clone();
        smaller.retain(|(k, _)| *k != "capacity");
        smaller.push(("capacity", "1".into()));
        let below = ambassador.call("save_offer", &fields(&smaller)).await;
        assert_eq!(below.status, 422, "capacity never below the seats taken");
        assert!(
            below.body.contains("2 étudiants vous sont déjà confiés"),
            "{}",
            below.body
        );
        let mut larger = edited.clone();
        larger.retain(|(k, _)| *k != "capacity");
        larger.push(("capacity", "3".into()));
        let key_edit = ambassador.call("save_offer", &fields(&larger)).await;
        assert_eq!(key_edit.status, 200, "{}", key_edit.body);
        assert!(
            key_edit
                .location()
                .is_some_and(|to| to.contains("offre=renvoyee")),
            "the ambassador is told: {:?}",
            key_edit.location()
        );
        assert_eq!(status_of(&app, offer).await, "soumise", "{backend:?}");
        assert_eq!(
            app.visitor().page(&format!("/offres/{id}")).await.status,
            404
        );

        // Withdrawn, then a draft again.
        let withdrawn = ambassador
            .call("withdraw_offer", &[("offer_id", &id)])
            .await;
        assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
        let frozen = ambassador.call("save_offer", &fields(&edited)).await;
        assert_eq!(frozen.status, 409, "a withdrawn offer is reopened first");
        let reopened = ambassador.call("reopen_offer", &[("offer_id", &id)]).await;
        assert_eq!(reopened.status, 200);
        assert_eq!(status_of(&app, offer).await, "brouillon");

        // Every transition is in the audit log, with who did it and why.
        let audit: Vec<(String, Option<i64>, String)> = sqlx::query_as(
            "SELECT action, actor_id, details FROM audit_log WHERE entity = 'offer' AND entity_id = $1 ORDER BY id",
        )
        .bind(&id)
        .fetch_all(app.db.pool())
        .await
        .expect("audit");
        let actions: Vec<&str> = audit
            .iter()
            .map(|(a, _, _)| a.as_str())
            .filter(|a| *a != "offre_modifiee")
            .collect();
        assert_eq!(
            actions,
            [
                "offre_creee",
                "offre_soumise",
                "offre_refusee",
                "offre_soumise",
                "offre_publiee",
                "offre_renvoyee_en_validation",
                "offre_retiree",
                "offre_rouverte"
            ],
            "{backend:?}"
        );
        let refusal = audit
            .iter()
            .find(|(a, _, _)| a == "offre_refusee")
            .expect("refusal");
        assert!(refusal.2.contains("étage"), "the reason: {}", refusal.2);
        assert_ne!(refusal.1, Some(ambassador_id), "the organiser refused it");
        let sent_back = audit
            .iter()
            .find(|(a, _, _)| a == "offre_renvoyee_en_validation")
            .expect("sent back");
        assert!(sent_back.2.contains("capacité"), "{}", sent_back.2);
        app.cleanup().await;
    }
}

/// Each new function, called by each kind of caller: only the offer's ambassador edits
/// it, only organisers decide, everyone else is refused before anything changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offer_functions_check_the_callers_role() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        catalogue_fixture(&app.db).await;
        let (mut owner, _) = app
            .signed_in("ambassadeur", "claire@numerique.gouv.fr")
            .await;
        owner.call("save_ambassador_profile", &PROFILE).await;
        let saved = owner
            .call(
                "save_offer",
                &fields(&offer_form("Une journée avec l'équipe produit")),
            )
            .await;
        let offer = offer_id_of(&saved);
        let id = offer.to_string();
        owner
            .call(
                "add_programme_item",
                &[
                    ("offer_id", &id),
                    ("starts_at", "09:00"),
                    ("title", "Accueil"),
                ],
            )
            .await;
        let item: i64 = sqlx::query_scalar("SELECT id FROM programme_items WHERE offer_id = $1")
            .bind(offer)
            .fetch_one(app.db.pool())
            .await
            .expect("item");
        let item = item.to_string();
        let (student, _) = app.signed_in("etudiant", "etu@exemple.fr").await;
        let (other_student, _) = app.signed_in("etudiant", "autre@exemple.fr").await;
        let (other_ambassador, _) = app.signed_in("ambassadeur", "paul@interieur.gouv.fr").await;
        let (organiser, _) = app.signed_in("organisateur", "orga@exemple.fr").await;

        #[derive(Clone, Copy, PartialEq, Debug)]
        enum Who {
            /// The offer's own ambassador (another ambassador: not found).
            Owner,
            /// Any ambassador (for their own offer, or a new one).
            Ambassador,
            Organiser,
        }
        let mut edit = offer_form("Une journée avec l'équipe produit");
        edit.push(("offer_id", id.clone()));
        let edit: Vec<(&str, &str)> = fields(&edit);
        type Call<'a> = (&'a str, Vec<(&'a str, &'a str)>, Who);
        let calls: Vec<Call> = vec![
            ("get_offer_editor", vec![], Who::Ambassador),
            ("get_offer_editor", vec![("offer_id", &id)], Who::Owner),
            ("save_offer", edit, Who::Owner),
            (
                "add_programme_item",
                vec![
                    ("offer_id", &id),
                    ("starts_at", "10:00"),
                    ("title", "Réunion"),
                ],
                Who::Owner,
            ),
            (
                "change_programme_item",
                vec![("item_id", &item), ("change", "bas")],
                Who::Owner,
            ),
            ("get_offer_review_queue", vec![], Who::Organiser),
            ("get_offer_review", vec![("offer_id", &id)], Who::Organiser),
            (
                "refuse_offer",
                vec![("offer_id", &id), ("reason", "")],
                Who::Organiser,
            ),
            ("submit_offer", vec![("offer_id", &id)], Who::Owner),
            ("publish_offer", vec![("offer_id", &id)], Who::Organiser),
            ("withdraw_offer", vec![("offer_id", &id)], Who::Owner),
            ("reopen_offer", vec![("offer_id", &id)], Who::Owner),
        ];
        // Callers in this order: the owner acts last, once everyone else was refused.
        let callers = [
            ("anonyme", app.visitor(), None),
            ("étudiant", student, Some("etudiant")),
            ("autre étudiant", other_student, Some("etudiant")),
            (
                "autre ambassadeur",
                other_ambassador,
                Some("ambassadeur-autre"),
            ),
            ("organisateur", organiser, Some("organisateur")),
        ];
        for (name, mut caller, role) in callers {
            for (function, args, who) in &calls {
                let answer = caller.call(function, args).await;
                let expected: &[u16] = match (role, who) {
                    (None, _) => &[401],
                    (Some("organisateur"), Who::Organiser) => &[200, 422, 409],
                    (Some("ambassadeur-autre"), Who::Owner) => &[404],
                    (Some("ambassadeur-autre"), Who::Ambassador) => &[200],
                    _ => &[403],
                };
                assert!(
                    expected.contains(&answer.status),
                    "{backend:?}: {function} by {name}: {} {}",
                    answer.status,
                    answer.body
                );
                assert!(
                    !answer.body.contains("2 rue de la Mabilais") || role == Some("organisateur"),
                    "{function} by {name} reads the offer: {}",
                    answer.body
                );
            }
        }
        assert_eq!(
            status_of(&app, offer).await,
            "brouillon",
            "nobody else changed it"
        );
        let titles: i64 = app.count("SELECT COUNT(*) FROM programme_items").await;
        assert!(titles > 1, "the fixture's programmes and the owner's step");
        for (function, args, who) in &calls {
            if *who == Who::Organiser {
                continue;
            }
            let answer = owner.call(function, args).await;
            assert!(
                [200, 409].contains(&answer.status),
                "{backend:?}: {function} by the owner: {} {}",
                answer.status,
                answer.body
            );
        }
        app.cleanup().await;
    }
}

/// The editor without JavaScript: plain form posts answered with redirects, a faulty
/// form back on its page with the message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offer_editor_works_without_javascript() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        catalogue_fixture(&app.db).await;
        let (mut ambassador, _) = app
            .signed_in("ambassadeur", "claire@numerique.gouv.fr")
            .await;
        let new_page = ambassador.page("/ambassadeur/offres/nouvelle").await;
        assert_eq!(new_page.status, 200, "{backend:?}");
        assert!(new_page.body.contains(r#"name="description""#));
        assert!(new_page.body.contains(r#"<option value="developpeur""#));

        let posted = ambassador
            .post_form_as_browser(
                "save_offer",
                &fields(&offer_form("Une journée avec l'équipe produit")),
            )
            .await;
        assert!(posted.is_redirection(), "{backend:?}: {}", posted.status);
        let offer = offer_id_of(&posted);
        let id = offer.to_string();
        assert_eq!(
            posted.location(),
            Some(format!("/ambassadeur/offres/{id}?offre=enregistree").as_str())
        );
        for (time, title) in [("09:00", "Accueil"), ("11:00", "Revue de code")] {
            let added = ambassador
                .post_form_as_browser(
                    "add_programme_item",
                    &[
                        ("offer_id", &id),
                        ("starts_at", time),
                        ("title", title),
                        ("details", ""),
                    ],
                )
                .await;
            assert!(added.is_redirection(), "{}", added.status);
        }
        let page = ambassador.page(&format!("/ambassadeur/offres/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Revue de code"), "{backend:?}");
        assert!(
            page.body.contains(r#"value="haut""#),
            "each step has its buttons"
        );
        assert!(page.body.contains("Brouillon"));

        // A faulty post goes back to the page it came from.
        let faulty = ambassador
            .call_with_headers(
                "save_offer",
                &[("offer_id", &id), ("title", "X")],
                &[
                    ("accept", "text/html"),
                    ("referer", &format!("{}/ambassadeur/offres/{id}", app.base)),
                ],
            )
            .await;
        assert!(faulty.is_redirection(), "{}", faulty.status);
        let back = faulty.location().unwrap_or_default().to_string();
        assert!(
            back.contains(&format!("/ambassadeur/offres/{id}")),
            "{back}"
        );
        assert_eq!(status_of(&app, offer).await, "brouillon");
        app.cleanup().await;
    }
}
