//! Test helpers: fixture data with known answers, and [`TestApp`], the real server on a
//! random port over a fresh database, reached through cookie-keeping [`Caller`]s.

#![allow(dead_code)]

use app::db::offers::NewOffer;
use app::db::testing::TestDb;
use app::db::users::NewUser;
use app::db::{Backend, Db};
use app::domain::catalogue::ProgrammeItem;
use app::domain::date::Date;
use app::domain::edition::{Calendar, EditionStatus, ValidEdition};
use app::domain::level::LevelSet;
use std::collections::HashMap;

/// One fixture offer: (key, title, job slug, administration slug, INSEE code, capacity,
/// seats taken, status).
type FixtureOffer = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    &'static str,
);

const OFFERS: &[FixtureOffer] = &[
    (
        "F1",
        "Données à Rennes",
        "data-scientist",
        "insee",
        "35238",
        2,
        0,
        "publiee",
    ),
    (
        "F2",
        "Développement à Brest",
        "developpeur",
        "dinum",
        "29019",
        3,
        0,
        "publiee",
    ),
    (
        "F3",
        "Données à Paris",
        "data-scientist",
        "dgfip",
        "75056",
        1,
        0,
        "publiee",
    ),
    (
        "F4",
        "Cyberdéfense à Lyon",
        "rssi",
        "anssi",
        "69123",
        2,
        1,
        "publiee",
    ),
    (
        "F5",
        "Sécurité numérique à Saint-Étienne",
        "rssi",
        "drfip-auvergne-rhone-alpes",
        "42218",
        1,
        0,
        "publiee",
    ),
    (
        "F6",
        "Brouillon à Rennes",
        "data-scientist",
        "insee",
        "35238",
        1,
        0,
        "brouillon",
    ),
    (
        "F7",
        "Développement à Vannes",
        "developpeur",
        "dnum-interieur",
        "56260",
        1,
        1,
        "publiee",
    ),
];

pub struct Fixture {
    pub edition_id: i64,
    /// Offer id by fixture key ("F1" …).
    pub offers: HashMap<&'static str, i64>,
}

impl Fixture {
    pub fn id(&self, key: &str) -> i64 {
        self.offers[key]
    }

    /// Fixture keys of the given ids, in order.
    pub fn keys(&self, ids: &[i64]) -> Vec<&'static str> {
        ids.iter()
            .map(|id| {
                *self
                    .offers
                    .iter()
                    .find(|(_, v)| *v == id)
                    .map(|(k, _)| k)
                    .expect("a fixture offer")
            })
            .collect()
    }
}

async fn id_of(db: &Db, sql: &str, slug: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(slug)
        .fetch_one(db.pool())
        .await
        .expect(slug)
}

/// A day relative to today (Paris): the fixture edition is open whenever tests run.
pub fn fixture_day(offset: i64) -> Date {
    Date::paris_from_unix_ms(app::db::now_ms()).add_days(offset)
}

pub fn immersion_day() -> Date {
    fixture_day(53)
}

/// The fixture edition's calendar: ambassadors and students are in their windows.
pub fn fixture_calendar() -> Calendar {
    Calendar {
        ambassadors_open_on: fixture_day(-60),
        ambassadors_close_on: fixture_day(10),
        applications_open_on: fixture_day(-30),
        applications_close_on: fixture_day(10),
        pairing_on: fixture_day(12),
        announcement_on: fixture_day(19),
        immersion_on: immersion_day(),
    }
}

/// An open edition with the seven offers above, each from its own ambassador.
pub async fn catalogue_fixture(db: &Db) -> Fixture {
    let edition_id = app::db::editions::insert(
        db,
        &ValidEdition::programme_default("Édition de test", fixture_calendar()),
        EditionStatus::ApplicationsOpen,
        None,
    )
    .await
    .expect("edition");
    fixture_offers(db, edition_id).await
}

/// The seven offers above in `edition_id`.
pub async fn fixture_offers(db: &Db, edition_id: i64) -> Fixture {
    let mut offers = HashMap::new();
    for (n, (key, title, job, admin, place, capacity, taken, status)) in OFFERS.iter().enumerate() {
        let ambassador = app::db::users::insert(
            db,
            &NewUser {
                email: format!("ambassadeur{n}@test.invalid"),
                role: "ambassadeur",
                first_name: "Camille".into(),
                last_name: "Exemple".into(),
                password_hash: None,
                verified: true,
            },
        )
        .await
        .expect("ambassador");
        let job_id = id_of(db, "SELECT id FROM jobs WHERE slug = $1", job).await;
        let admin_id = id_of(db, "SELECT id FROM administrations WHERE slug = $1", admin).await;
        app::db::users::upsert_ambassador_profile(db, ambassador, "Agent de test", admin_id, true)
            .await
            .expect("profile");
        let id = app::db::offers::insert(
            db,
            &NewOffer {
                edition_id,
                ambassador_id: ambassador,
                job_id,
                administration_id: admin_id,
                place_code: (*place).into(),
                address: "1 rue de l'Essai".into(),
                title: (*title).into(),
                description: "Une journée d'immersion.".into(),
                team: "Une équipe de test.".into(),
                capacity: *capacity,
                levels: LevelSet::from_levels(&[3, 4, 5]).expect("levels"),
                id_check_required: n % 2 == 0,
                step_free_access: true,
                access_notes: String::new(),
                status,
                programme: vec![
                    ProgrammeItem {
                        starts_at: "09:00".into(),
                        title: "Accueil".into(),
                        details: String::new(),
                    },
                    ProgrammeItem {
                        starts_at: "14:00".into(),
                        title: "Atelier".into(),
                        details: "En équipe.".into(),
                    },
                ],
            },
        )
        .await
        .expect("offer");
        if *taken > 0 {
            assert!(app::db::offers::take_seats(db, id, *taken)
                .await
                .expect("seats"));
        }
        offers.insert(*key, id);
    }
    Fixture { edition_id, offers }
}

/// A signed-in student with a profile who has sent an application wishing for `offers`
/// (fixture keys), in that order.
pub async fn applicant(app: &TestApp, f: &Fixture, email: &str, offers: &[&str]) -> (Caller, i64) {
    let (mut student, id) = app.signed_in("etudiant", email).await;
    app.student_profile(id).await;
    for offer in offers {
        let added = student
            .call("add_wish", &[("offer_id", &f.id(offer).to_string())])
            .await;
        assert_eq!(added.status, 200, "{}", added.body);
    }
    let sent = student
        .call(
            "save_application",
            &[
                ("motivation", "J'aimerais découvrir le métier de près."),
                ("consent", "on"),
                ("intent", "envoyer"),
            ],
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    (student, id)
}

/// The fixture ambassador of `offer`, signed in (they get the organiser's password).
pub async fn ambassador_of(app: &TestApp, f: &Fixture, offer: &str) -> Caller {
    let email: String = sqlx::query_scalar(
        "SELECT u.email FROM users u JOIN offers o ON o.ambassador_id = u.id WHERE o.id = $1",
    )
    .bind(f.id(offer))
    .fetch_one(app.db.pool())
    .await
    .expect("ambassador");
    sqlx::query(
        "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = 'orga@exemple.fr')
         WHERE email = $1",
    )
    .bind(&email)
    .execute(app.db.pool())
    .await
    .expect("password");
    let mut caller = app.visitor();
    assert_eq!(caller.log_in(&email, PASSWORD).await.status, 200);
    caller
}

/// Marks the edition's pairs announced, as the fixture's taken seats then are: the
/// catalogue shows seats taken only from the announcement.
pub async fn announce(db: &Db, edition_id: i64) {
    sqlx::query("UPDATE editions SET status = 'binomes_annonces' WHERE id = $1")
        .bind(edition_id)
        .execute(db.pool())
        .await
        .expect("announced");
    db.invalidate_catalogue();
}

/// The organiser places each student on the offer (fixture key) by hand.
pub async fn place_by_hand(organiser: &mut Caller, f: &Fixture, placements: &[(i64, &str)]) {
    for (student, offer) in placements {
        let placed = organiser
            .call(
                "move_student",
                &[
                    ("student_id", &student.to_string()),
                    ("offer_id", &f.id(offer).to_string()),
                ],
            )
            .await;
        assert_eq!(placed.status, 200, "{}", placed.body);
    }
}

/// The organiser announces the pairs, the box of the announcement ticked.
pub async fn announce_pairs(organiser: &mut Caller) -> Answer {
    organiser.call("publish_pairs", &[("confirm", "on")]).await
}

/// The organiser closes the edition's applications (pairs are announced only then).
pub async fn close_applications(organiser: &mut Caller, edition_id: i64) {
    let closed = organiser
        .call(
            "change_edition_status",
            &[
                ("edition_id", &edition_id.to_string()),
                ("action", "fermer"),
            ],
        )
        .await;
    assert_eq!(closed.status, 200, "{}", closed.body);
}

/// Offer ids of the cards on a results page, in order.
pub fn card_ids(html: &str) -> Vec<i64> {
    html.split("<h3 class=\"fr-card__title\"><a href=\"/offres/")
        .skip(1)
        .map(|rest| {
            rest.split('"')
                .next()
                .and_then(|id| id.parse().ok())
                .expect("an offer id")
        })
        .collect()
}

// Every test runs on a runtime of two worker threads, as the server does on a small
// machine: on one thread (`#[tokio::test]`'s default) a streamed page's render now and
// then never finished (a known hazard of Leptos's server rendering on a single worker).

/// The real server on 127.0.0.1:0 with its background work, over a fresh database of
/// its own. Servers live as long as the test's runtime; `cleanup` removes the database.
pub struct TestApp {
    /// Where callers reach the server, e.g. `http://127.0.0.1:41234`.
    pub base: String,
    /// Where each server started writes the e-mails it delivers.
    outboxes: Vec<std::path::PathBuf>,
    /// The server's database: fixtures go in, and tests check what requests stored.
    pub db: Db,
    test_db: TestDb,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_with(backend, |_| {}).await
    }

    /// Same, with the test's own settings (limits, timeouts…).
    pub async fn spawn_with(
        backend: Backend,
        adjust: impl FnOnce(&mut vismonjob::Config),
    ) -> TestApp {
        let test_db = TestDb::new(backend).await;
        let (base, outbox) = serve(test_db.db.clone(), &test_db.url, adjust).await;
        TestApp {
            base,
            outboxes: vec![outbox],
            db: test_db.db.clone(),
            test_db,
        }
    }

    /// Starts one more server on the same database, as a restart or another machine
    /// would, and sends later callers to it; the first one keeps serving.
    pub async fn start_another_server(&mut self) {
        self.start_another_server_with(|_| {}).await;
    }

    /// Same, with the second server's own settings.
    pub async fn start_another_server_with(&mut self, adjust: impl FnOnce(&mut vismonjob::Config)) {
        let (base, outbox) = serve(self.db.clone(), &self.test_db.url, adjust).await;
        self.base = base;
        self.outboxes.push(outbox);
    }

    /// The database's URL, for the command line.
    pub fn database_url(&self) -> &str {
        &self.test_db.url
    }

    /// A new anonymous caller: a browser without cookies yet.
    pub fn visitor(&self) -> Caller {
        Caller {
            base: self.base.clone(),
            client: http_client(),
            cookie: None,
        }
    }

    /// A verified account with [`PASSWORD`], created directly in the database.
    pub async fn account(&self, role: &'static str, email: &str) -> i64 {
        let hash = app::security::passwords::hash_password(PASSWORD.into())
            .await
            .expect("hash");
        app::db::users::insert(
            &self.db,
            &NewUser {
                email: email.into(),
                role,
                first_name: "Camille".into(),
                last_name: "Test".into(),
                password_hash: Some(hash),
                verified: true,
            },
        )
        .await
        .expect("user")
    }

    /// A signed-in caller for a new verified account, and the account's id; an organiser
    /// also passes the second factor.
    pub async fn signed_in(&self, role: &'static str, email: &str) -> (Caller, i64) {
        let id = self.account(role, email).await;
        let mut caller = self.visitor();
        let answer = caller.log_in(email, PASSWORD).await;
        assert_eq!(answer.status, 200, "log in {email}: {}", answer.body);
        if role == "organisateur" {
            self.pass_second_factor(&mut caller, id).await;
        }
        (caller, id)
    }

    /// Signs an organiser of [`TestApp::signed_in`] in again (another browser), with a code
    /// of the app not used yet: each code serves once.
    pub async fn organiser_signs_in_again(&self, caller: &mut Caller, email: &str) {
        use app::security::second_factor::{code_of_step, step_of, STEP_SECONDS};
        let answer = caller.log_in(email, PASSWORD).await;
        assert_eq!(answer.status, 200, "log in {email}: {}", answer.body);
        let last = self
            .count(&format!(
                "SELECT f.last_step FROM second_factors f JOIN users u ON u.id = f.user_id WHERE u.email = '{email}'"
            ))
            .await;
        let now = || step_of(u64::try_from(app::db::now_ms() / 1000).expect("time"));
        let unused = u64::try_from(last + 1).expect("a step");
        while unused > now() + 1 {
            tokio::time::sleep(std::time::Duration::from_secs(STEP_SECONDS / 10)).await;
        }
        let code = code_of_step(ORGANISER_TOTP_SECRET, unused.max(now())).expect("code");
        let confirmed = caller
            .call("confirm_second_factor", &[("code", &code)])
            .await;
        assert_eq!(confirmed.status, 200, "code: {}", confirmed.body);
    }

    /// After an organiser's password: enrols the account with [`ORGANISER_TOTP_SECRET`]
    /// (directly in the database) and types the app's current code.
    pub async fn pass_second_factor(&self, caller: &mut Caller, user_id: i64) {
        app::db::second_factors::enrol(&self.db, user_id, ORGANISER_TOTP_SECRET, 0, &[])
            .await
            .expect("second factor");
        let code = current_code(ORGANISER_TOTP_SECRET);
        let confirmed = caller
            .call("confirm_second_factor", &[("code", &code)])
            .await;
        assert_eq!(confirmed.status, 200, "code: {}", confirmed.body);
    }

    /// A complete student profile, saved directly.
    pub async fn student_profile(&self, user_id: i64) {
        let mut conn = self.db.pool().acquire().await.expect("connection");
        app::db::users::upsert_student_profile(
            &mut conn,
            user_id,
            &app::db::users::StudentProfile {
                school: "IUT de Lannion".into(),
                level: 3,
                curriculum: "BUT informatique".into(),
                place_code: "22113".into(),
                radius_km: 300,
                gender: None,
            },
        )
        .await
        .expect("profile");
    }

    /// How many audit entries of `action` the user `actor_id` has.
    pub async fn audited(&self, action: &str, actor_id: i64) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND actor_id = $2")
            .bind(action)
            .bind(actor_id)
            .fetch_one(self.db.pool())
            .await
            .expect("audit entries")
    }

    /// The single number `sql` selects.
    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(self.db.pool())
            .await
            .expect(sql)
    }

    /// The link token in the latest message of `kind` sent to `recipient`, read from the
    /// delivered e-mail (the outbox keeps no link); waits for the delivery.
    pub async fn token_from_outbox(&self, recipient: &str, kind: &str) -> String {
        let key: String = sqlx::query_scalar(
            "SELECT idempotency_key FROM notification_outbox WHERE recipient = $1 AND kind = $2 ORDER BY id DESC LIMIT 1",
        )
        .bind(recipient)
        .bind(kind)
        .fetch_one(self.db.pool())
        .await
        .expect("an e-mail in the outbox");
        let name = vismonjob::outbox::file_name(&key);
        for _ in 0..100 {
            for dir in &self.outboxes {
                if let Ok(raw) = std::fs::read_to_string(dir.join(&name)) {
                    let text = decode_quoted_printable(&raw);
                    return text
                        .split("jeton=")
                        .nth(1)
                        .and_then(|rest| rest.split_whitespace().next())
                        .expect("a link with a token")
                        .to_string();
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("{kind} to {recipient} not delivered");
    }

    /// Closes the pool and removes the database.
    pub async fn cleanup(self) {
        self.test_db.cleanup().await;
    }
}

/// An e-mail as written to disk, its quoted-printable soft breaks and escapes undone.
pub fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let mut bytes = Vec::with_capacity(joined.len());
    let raw = joined.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let escaped = (raw[i] == b'=')
            .then(|| raw.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                bytes.push(byte);
                i += 3;
            }
            None => {
                bytes.push(raw[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Serves `db` on 127.0.0.1:0 in the background; returns the base URL and the folder
/// of its delivered e-mails.
async fn serve(
    db: Db,
    database_url: &str,
    adjust: impl FnOnce(&mut vismonjob::Config),
) -> (String, std::path::PathBuf) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let outbox = std::env::temp_dir().join(format!(
        "vismonjob-outbox-{}-{}",
        std::process::id(),
        address.port()
    ));
    let mut config = vismonjob::Config::for_tests(database_url, address, outbox.clone());
    adjust(&mut config);
    tokio::spawn(async move {
        vismonjob::serve(db, &config, listener, std::future::pending())
            .await
            .expect("serve");
    });
    (format!("http://{address}"), outbox)
}

/// One user's browser: an HTTP client that keeps the session cookie. Clones share the
/// session as it is when cloned.
#[derive(Clone)]
pub struct Caller {
    pub base: String,
    pub client: reqwest::Client,
    pub cookie: Option<String>,
}

pub struct Answer {
    pub status: u16,
    pub body: String,
    pub set_cookie: Option<String>,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    pub fn is_redirection(&self) -> bool {
        (300..400).contains(&self.status)
    }

    pub fn location(&self) -> Option<&str> {
        self.headers.get("location").and_then(|v| v.to_str().ok())
    }
}

pub const SESSION_COOKIE: &str = "vismonjob_session";

pub const PASSWORD: &str = "une phrase de passe solide";

/// The authenticator secret [`TestApp::signed_in`] gives organisers (base32, 160 bits).
pub const ORGANISER_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// The code an authenticator app shows for `secret` `steps_ahead` steps from now.
pub fn code_in(secret: &str, steps_ahead: u64) -> String {
    use app::security::second_factor::{code_of_step, step_of};
    let now = u64::try_from(app::db::now_ms() / 1000).expect("time");
    code_of_step(secret, step_of(now) + steps_ahead).expect("code")
}

/// The code an authenticator app shows for `secret` now.
pub fn current_code(secret: &str) -> String {
    code_in(secret, 0)
}

/// The tests' HTTP client: redirects are answers to check, not to follow, and a response
/// that never ends fails the test within a minute instead of stalling the suite.
fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("client")
}

impl Caller {
    /// Calls `/api/<function>` with form fields as the page's JavaScript does (no
    /// `Accept: text/html`, so errors come back as errors, not redirects).
    pub async fn call(&mut self, function: &str, fields: &[(&str, &str)]) -> Answer {
        self.call_with_headers(function, fields, &[]).await
    }

    /// Posts a form to `/api/<function>` as a browser without JavaScript does
    /// (`Accept: text/html`): the answer is a redirect.
    pub async fn post_form_as_browser(
        &mut self,
        function: &str,
        fields: &[(&str, &str)],
    ) -> Answer {
        self.call_with_headers(function, fields, &[("accept", "text/html")])
            .await
    }

    /// [`Caller::call`] with extra request headers (an `Origin`…); keeps a new session
    /// cookie.
    pub async fn call_with_headers(
        &mut self,
        function: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = self
            .client
            .post(format!("{}/api/{function}", self.base))
            .form(fields);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", format!("{SESSION_COOKIE}={cookie}"));
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let set_cookie = headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(SESSION_COOKIE))
            .map(str::to_string);
        if let Some(raw) = &set_cookie {
            let value = raw
                .split(';')
                .next()
                .and_then(|kv| kv.split_once('='))
                .map(|(_, v)| v.to_string())
                .unwrap_or_default();
            self.cookie = (!value.is_empty()).then_some(value);
        }
        let body = response.text().await.expect("body");
        Answer {
            status,
            body,
            set_cookie,
            headers,
        }
    }

    /// Opens `path` as a browser does (`Accept: text/html`), with the session if any.
    pub async fn page(&self, path: &str) -> Answer {
        let mut request = self
            .client
            .get(format!("{}{path}", self.base))
            .header("accept", "text/html,application/xhtml+xml");
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", format!("{SESSION_COOKIE}={cookie}"));
        }
        let response = request.send().await.expect(path);
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.expect("body");
        Answer {
            status,
            body,
            set_cookie: None,
            headers,
        }
    }

    pub async fn whoami(&mut self) -> String {
        let answer = self.call("whoami", &[]).await;
        assert_eq!(answer.status, 200, "whoami: {}", answer.body);
        answer.body
    }

    pub async fn log_in(&mut self, email: &str, password: &str) -> Answer {
        self.call("log_in", &[("email", email), ("password", password)])
            .await
    }

    /// Signs in through the plain HTML form, asking to go back to `next`.
    pub async fn log_in_without_javascript(
        &mut self,
        email: &str,
        password: &str,
        next: &str,
    ) -> Answer {
        self.post_form_as_browser(
            "log_in",
            &[("email", email), ("password", password), ("next", next)],
        )
        .await
    }
}

/// A fake SMTP server: accepts every message, or refuses every sender with a
/// temporary error. Records the DATA of accepted messages.
pub struct FakeSmtp {
    pub url: String,
    pub messages: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

pub async fn fake_smtp(accept: bool) -> FakeSmtp {
    fake_smtp_hanging_after(accept, usize::MAX).await
}

/// A fake SMTP server that accepts `accepted` messages, then never answers the end of
/// the next ones' data: a sender stuck there has had none of them accepted.
pub async fn fake_smtp_hanging_after(accept: bool, accepted: usize) -> FakeSmtp {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("address").port();
    let messages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorded = messages.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let recorded = recorded.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 fake ESMTP\r\n").await;
                let mut in_data = false;
                let mut data = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            if recorded.lock().expect("lock").len() >= accepted {
                                std::future::pending::<()>().await;
                            }
                            recorded
                                .lock()
                                .expect("lock")
                                .push(std::mem::take(&mut data));
                            let _ = write.write_all(b"250 2.0.0 queued\r\n").await;
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let command = line.to_ascii_uppercase();
                    let reply: &[u8] = if command.starts_with("EHLO") {
                        b"250-fake\r\n250 8BITMIME\r\n"
                    } else if command.starts_with("MAIL FROM") && !accept {
                        b"451 4.3.0 Essayez plus tard\r\n"
                    } else if command.starts_with("DATA") {
                        in_data = true;
                        b"354 go\r\n"
                    } else if command.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    FakeSmtp {
        url: format!("smtp://127.0.0.1:{port}"),
        messages,
    }
}
