//! Accounts: sign-up, e-mail confirmation, sign-in, sign-out, password reset, and the
//! signed-in person's own account (password change, open sessions, deletion).
//! The first ones are open to every caller by nature; none of their answers tells
//! whether an address has an account (same message, same status, and the same
//! password-hashing work).

use super::error::AppError;
use crate::domain::account::{OpenSession, SessionTimeLeft, SignedIn};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::context::*,
    super::emails,
    super::session::*,
    crate::db::accounts,
    crate::domain::account::{person_name, signup_role, Email, NewPassword, Role},
    crate::domain::form::{require_ticked, FormErrors},
    crate::domain::refusal::Refusal,
    crate::security::passwords::{hash_password, verify_password},
    crate::security::tokens::{new_token, token_digest},
};

/// The signed-in user, if any (for the header and the pages' own checks), and what is
/// left of their session.
#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<SignedIn>, AppError> {
    respond(async move {
        let Some(user) = current_user().await? else {
            return Ok(None);
        };
        let time_left = session_time_left(false).await?.unwrap_or_default();
        Ok(Some(SignedIn { user, time_left }))
    })
    .await
}

/// What is left of the session, read without counting as activity: the warning checks it
/// before showing (another tab may have been active). `None` once it has ended.
#[server(endpoint = "session_time_left")]
pub async fn get_session_time_left() -> Result<Option<SessionTimeLeft>, AppError> {
    respond(session_time_left(false)).await
}

/// "Rester connecté": counts as activity, which pushes the idle end back.
#[server(endpoint = "stay_signed_in")]
pub async fn stay_signed_in() -> Result<SessionTimeLeft, AppError> {
    respond(async move {
        require_user().await?;
        session_time_left(true)
            .await?
            .ok_or(AppError::Unauthenticated)
    })
    .await
}

/// A local path to go back to after signing in; anything else goes to the role's home.
/// Only printable ASCII is accepted (browsers drop tabs and newlines inside a URL, so
/// `/\t/site.example` would become `//site.example`, another site), starting with one `/`
/// and no backslash; then the path, read as a URL relative to `public_url` the way a
/// browser would, must stay on that origin. Such a path is also a valid header.
pub fn safe_next<'a>(next: &'a str, public_url: &str) -> Option<&'a str> {
    let printable = next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    let local = next.starts_with('/') && !next.starts_with("//");
    if !(printable && local) {
        return None;
    }
    let base = url::Url::parse(public_url).ok()?;
    let target = base.join(next).ok()?;
    (target.origin() == base.origin()).then_some(next)
}

#[server(endpoint = "sign_up")]
pub async fn sign_up(
    #[server(default)] role: String,
    #[server(default)] first_name: String,
    #[server(default)] last_name: String,
    #[server(default)] email: String,
    #[server(default)] password: String,
) -> Result<(), AppError> {
    respond(async move {
        limit_rate("inscription", None).await?;
        let mut errors = FormErrors::new();
        let chosen_role = errors.check("role", signup_role(&role));
        let first = errors.check("first_name", person_name(&first_name, "votre prénom"));
        let last = errors.check("last_name", person_name(&last_name, "votre nom"));
        let mut address = errors.check("email", Email::parse(&email));
        if let (Some(Role::Ambassador), Some(valid)) = (chosen_role, &address) {
            if let Err(message) = security()?.ambassador_domains.check(valid) {
                errors.add("email", message);
                address = None;
            }
        }
        let new_password = errors.check("password", NewPassword::parse(&password));
        let (Some(chosen_role), Some(first), Some(last), Some(address), Some(new_password)) =
            (chosen_role, first, last, address, new_password)
        else {
            return Err(errors
                .with_values([
                    ("role", role.as_str()),
                    ("first_name", first_name.as_str()),
                    ("last_name", last_name.as_str()),
                    ("email", email.as_str()),
                ])
                .into());
        };
        let security = security()?;
        // Hashed whether or not the address is taken: both answers cost the same.
        let password_hash = hash_password(new_password.expose().to_string()).await?;
        let (token, digest) = new_token();
        let url = security.public_url.clone();
        accounts::sign_up(
            &db()?,
            &accounts::NewAccount {
                email: address.as_str(),
                role: chosen_role,
                first_name: &first,
                last_name: &last,
                password_hash: &password_hash,
            },
            |_| {
                let message = emails::verification(&url, address.as_str(), &first, &token, &digest);
                (digest.clone(), message)
            },
            |id| {
                emails::already_registered(
                    &url,
                    address.as_str(),
                    id,
                    crate::db::now_ms() / 3_600_000,
                )
            },
        )
        .await?;
        redirect("/inscription/confirmation");
        Ok(())
    })
    .await
}

#[server(endpoint = "verify_email")]
pub async fn verify_email(#[server(default)] token: String) -> Result<(), AppError> {
    respond(async move {
        let verified = accounts::verify_email(&db()?, &token_digest(&token)).await?;
        match verified {
            Some(_) => {
                redirect("/connexion?adresse=confirmee");
                Ok(())
            }
            None => Err(Refusal::VerificationLinkInvalid.into()),
        }
    })
    .await
}

#[server(endpoint = "log_in")]
pub async fn log_in(
    #[server(default)] email: String,
    #[server(default)] password: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    respond(async move {
        let keep = [("email", email.as_str()), ("next", next.as_str())];
        // Counted first, a malformed address included.
        let parsed = Email::parse(&email);
        limit_rate("connexion", parsed.as_ref().ok().map(Email::as_str)).await?;
        let address = match parsed {
            Ok(address) => address,
            Err(message) => {
                return Err(FormErrors::single("email", message)
                    .with_values(keep)
                    .into())
            }
        };
        if password.is_empty() {
            return Err(
                FormErrors::single("password", "Indiquez votre mot de passe.")
                    .with_values(keep)
                    .into(),
            );
        }
        let db = db()?;
        let found = accounts::credentials(&db, address.as_str()).await?;
        let stored = found.as_ref().and_then(|c| c.password_hash.clone());
        let valid = verify_password(password, stored).await;
        // One answer for a wrong password and for an address not confirmed yet: otherwise
        // signing up with an address, then signing in with the password just chosen,
        // would tell whether the address already had an account.
        let refused = || -> AppError {
            FormErrors::single(
                "password",
                "Adresse électronique ou mot de passe incorrect, ou adresse pas encore confirmée : dans ce cas, le lien de confirmation vient de vous être renvoyé par courriel.",
            )
            .with_values(keep)
            .into()
        };
        let Some(account) = found.as_ref().filter(|_| valid) else {
            security_event(
                "connexion_refusee",
                None,
                found.map(|account| account.id),
                serde_json::json!({ "raison": "identifiants" }),
            )
            .await;
            return Err(refused());
        };
        if account.email_verified_at.is_none() {
            // Only the owner of the password gets a new link, in their mailbox.
            let (token, digest) = new_token();
            let message = emails::verification(
                &security()?.public_url,
                address.as_str(),
                &account.first_name,
                &token,
                &digest,
            );
            accounts::issue_token(
                &db,
                account.id,
                accounts::TokenPurpose::Verification,
                &digest,
                &message,
            )
            .await?;
            security_event(
                "connexion_refusee",
                None,
                Some(account.id),
                serde_json::json!({ "raison": "adresse_non_confirmee" }),
            )
            .await;
            return Err(refused());
        }
        let role = Role::parse(&account.role);
        if role == Some(Role::Organiser) {
            // Not signed in yet: the one-time code comes first.
            await_second_factor(account.id).await?;
            let next = safe_next(&next, &security()?.public_url).unwrap_or_default();
            redirect(&crate::domain::account::second_factor_link(next));
            return Ok(());
        }
        sign_in(account.id).await?;
        security_event(
            "connexion",
            Some(account.id),
            Some(account.id),
            serde_json::json!({}),
        )
        .await;
        let home = role.map_or("/", Role::home);
        redirect(safe_next(&next, &security()?.public_url).unwrap_or(home));
        Ok(())
    })
    .await
}

#[server(endpoint = "log_out")]
pub async fn log_out() -> Result<(), AppError> {
    respond(async move {
        let user = current_user().await?;
        sign_out().await?;
        if let Some(user) = user {
            let id = Some(user.id);
            security_event("deconnexion", id, id, serde_json::json!({})).await;
        }
        redirect("/");
        Ok(())
    })
    .await
}

#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(#[server(default)] email: String) -> Result<(), AppError> {
    respond(async move {
        let parsed = Email::parse(&email);
        limit_rate("reinitialisation", parsed.as_ref().ok().map(Email::as_str)).await?;
        let address = parsed.map_err(|message| {
            FormErrors::single("email", message).with_values([("email", email.as_str())])
        })?;
        let (token, digest) = new_token();
        let url = security()?.public_url;
        accounts::request_reset(&db()?, address.as_str(), &digest, |first_name| {
            emails::password_reset(&url, address.as_str(), first_name, &token, &digest)
        })
        .await?;
        redirect("/mot-de-passe-oublie?envoye=1");
        Ok(())
    })
    .await
}

/// Whether a reset link can still be used (the page shows its form only then).
#[server(endpoint = "reset_token_is_valid")]
pub async fn reset_token_is_valid(#[server(default)] token: String) -> Result<bool, AppError> {
    respond(async move {
        Ok(
            accounts::token_is_valid(&db()?, &token_digest(&token), accounts::TokenPurpose::Reset)
                .await?,
        )
    })
    .await
}

#[server(endpoint = "reset_password")]
pub async fn reset_password(
    #[server(default)] token: String,
    #[server(default)] password: String,
) -> Result<(), AppError> {
    respond(async move {
        limit_rate("nouveau_mot_de_passe", None).await?;
        let new_password = NewPassword::parse(&password)
            .map_err(|message| FormErrors::single("password", message))?;
        // The link is checked before the costly hash: a bogus link costs one query.
        let db = db()?;
        let digest = token_digest(&token);
        if !accounts::token_is_valid(&db, &digest, accounts::TokenPurpose::Reset).await? {
            return Err(Refusal::ResetLinkInvalid.into());
        }
        let password_hash = hash_password(new_password.expose().to_string()).await?;
        match accounts::reset_password(&db, &digest, &password_hash).await? {
            Some(user_id) => {
                let id = Some(user_id);
                log_security_event("mot_de_passe_reinitialise", id, id, &serde_json::json!({}));
                redirect("/connexion?mot-de-passe=modifie");
                Ok(())
            }
            None => Err(Refusal::ResetLinkInvalid.into()),
        }
    })
    .await
}

/// Deletes the caller's account, given their password: their announced pairs to come are
/// declined (the other side is told by e-mail), their application withdrawn, the seats of
/// their offers in pairs not announced freed and their offers withdrawn, then the account is anonymised at once (the
/// programme's figures keep their rows, tied to no one).
#[server(endpoint = "delete_my_account")]
pub async fn delete_my_account(
    #[server(default)] password: String,
    /// Ticked to confirm the deletion, which cannot be undone.
    #[server(default)]
    confirm: Option<String>,
) -> Result<(), AppError> {
    respond(async move {
        let user = require_user().await?;
        limit_rate("suppression_compte", Some(&user.email)).await?;
        let mut errors = require_ticked(&confirm).err().unwrap_or_default();
        if password.is_empty() {
            errors.add(
                "password",
                "Indiquez votre mot de passe pour confirmer la suppression.",
            );
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let db = db()?;
        if !is_current_password(&db, &user.email, password).await? {
            return Err(FormErrors::single("password", "Mot de passe incorrect.").into());
        }
        let url = security()?.public_url;
        let reason = "Son compte Vis mon job a été supprimé à sa demande.";
        for (edition, pair, side) in crate::db::pairs::announced_pairs_to_come(&db, user.id).await?
        {
            let declined =
                crate::db::pairs::decline(&db, edition, side, user.id, pair, reason, |parties| {
                    vec![emails::pair_declined(&url, parties, side, reason)]
                })
                .await;
            // From the immersion day, the pair stays as the programme's history.
            if let Err(error) = declined {
                tracing::info!(pair, ?error, "pair kept at the account's deletion");
            }
        }
        if let Some(edition) = crate::db::applications::current_edition(&db).await? {
            crate::db::applications::withdraw(&db, edition.id, user.id).await?;
        }
        crate::db::erasure::release_unannounced_pairs(&db, user.id).await?;
        for offer in crate::db::offers::withdrawable_offers_of(&db, user.id).await? {
            let withdrawn = crate::db::offers::transition(
                &db,
                user.id,
                offer,
                Some(user.id),
                crate::domain::offer::OfferAction::Withdraw,
                None,
                |_| None,
            )
            .await;
            if let Err(error) = withdrawn {
                tracing::info!(offer, ?error, "offer kept at the account's deletion");
            }
        }
        crate::db::erasure::delete_account(&db, user.id).await?;
        let id = Some(user.id);
        log_security_event("compte_supprime", id, id, &serde_json::json!({}));
        sign_out().await?;
        redirect("/connexion?compte=supprime");
        Ok(())
    })
    .await
}

/// Whether `password` is the current one of the account at `email` (a change or a
/// deletion asks for it).
#[cfg(feature = "ssr")]
async fn is_current_password(
    db: &crate::db::Db,
    email: &str,
    password: String,
) -> Result<bool, AppError> {
    let stored = accounts::credentials(db, email)
        .await?
        .and_then(|c| c.password_hash);
    Ok(verify_password(password, stored).await)
}

/// The caller's open sessions, the most recently used first.
#[server(endpoint = "open_sessions")]
pub async fn open_sessions() -> Result<Vec<OpenSession>, AppError> {
    respond(async move {
        let user = require_user().await?;
        let current = current_session_id().await?;
        Ok(crate::db::sessions::live_for_user(&db()?, user.id, current.as_deref()).await?)
    })
    .await
}

/// Ends every session of the caller's account, on every device, this one included.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    respond(async move {
        let user = require_user().await?;
        accounts::sign_out_everywhere(&db()?, user.id).await?;
        let id = Some(user.id);
        log_security_event("deconnexion_partout", id, id, &serde_json::json!({}));
        sign_out().await?;
        redirect("/connexion?deconnexion=partout");
        Ok(())
    })
    .await
}

/// Changes the caller's password, given the current one; their other sessions end.
#[server(endpoint = "change_password")]
pub async fn change_password(
    #[server(default)] current_password: String,
    #[server(default)] new_password: String,
) -> Result<(), AppError> {
    respond(async move {
        let user = require_user().await?;
        limit_rate("changement_mot_de_passe", Some(&user.email)).await?;
        let mut errors = FormErrors::new();
        if current_password.is_empty() {
            errors.add("current_password", "Indiquez votre mot de passe actuel.");
        }
        let chosen = errors.check("new_password", NewPassword::parse(&new_password));
        let Some(chosen) = chosen.filter(|_| errors.is_empty()) else {
            return Err(errors.into());
        };
        if chosen.expose() == current_password {
            return Err(FormErrors::single(
                "new_password",
                "Choisissez un mot de passe différent de l'actuel.",
            )
            .into());
        }
        let db = db()?;
        if !is_current_password(&db, &user.email, current_password).await? {
            return Err(
                FormErrors::single("current_password", "Mot de passe actuel incorrect.").into(),
            );
        }
        let password_hash = hash_password(chosen.expose().to_string()).await?;
        let kept = current_session_id()
            .await?
            .ok_or(AppError::Unauthenticated)?;
        accounts::change_password(&db, user.id, &password_hash, &kept).await?;
        let id = Some(user.id);
        log_security_event("mot_de_passe_modifie", id, id, &serde_json::json!({}));
        redirect("/compte?mot-de-passe=modifie");
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        let site = "https://vismonjob.example.fr";
        assert_eq!(safe_next("/candidature", site), Some("/candidature"));
        assert_eq!(safe_next("/offres/3?x=1", site), Some("/offres/3?x=1"));
        assert_eq!(
            safe_next("/offres?q=a%2F%2Fb#haut", "http://127.0.0.1:3000"),
            Some("/offres?q=a%2F%2Fb#haut")
        );
        for bad in [
            "",
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "candidature",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/candidature\nSet-Cookie: x=1",
            "/\u{3000}/evil.example",
            "/é",
        ] {
            assert_eq!(safe_next(bad, site), None, "{bad}");
        }
        // Without a valid public address nothing is followed.
        assert_eq!(safe_next("/candidature", "pas une adresse"), None);
    }
}
