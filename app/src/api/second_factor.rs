//! The organisers' second factor at sign-in: once their password passed, the enrolment of
//! an authenticator app (first time) or its one-time code, or else a recovery code. Only
//! then is the session signed in; every organiser page and function needs that session.

use super::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::context::*,
    super::session::*,
    crate::db::{accounts, now_ms, second_factors},
    crate::domain::account::Role,
    crate::domain::form::FormErrors,
    crate::domain::refusal::Refusal,
    crate::security::passwords::{hash_password, verify_password},
    crate::security::second_factor as totp,
};

/// What the one-time code page asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecondFactorPrompt {
    /// No password passed in this session lately: sign in first.
    SignInFirst,
    /// First sign-in: the app to set up with this secret (its QR code as SVG, and the
    /// key grouped for typing by hand).
    Enrol {
        qr_code_svg: String,
        key: String,
        account: String,
    },
    /// Enrolled: the app's code, or a recovery code.
    Code,
}

#[server(endpoint = "second_factor_step")]
pub async fn second_factor_step() -> Result<SecondFactorPrompt, AppError> {
    respond(async move {
        let Some(user_id) = awaiting_second_factor().await? else {
            return Ok(SecondFactorPrompt::SignInFirst);
        };
        let db = db()?;
        if second_factors::secret(&db, user_id).await?.is_some() {
            return Ok(SecondFactorPrompt::Code);
        }
        let user = accounts::current_user(&db, user_id)
            .await?
            .ok_or(Refusal::SecondFactorExpired)?;
        let secret = enrolment_secret(totp::new_secret).await?;
        let uri = totp::provisioning_uri(&secret, &user.email);
        Ok(SecondFactorPrompt::Enrol {
            qr_code_svg: totp::qr_code_svg(&uri).ok_or(AppError::Internal)?,
            key: totp::grouped(&secret),
            account: user.email,
        })
    })
    .await
}

/// Checks the code typed after the password (the app's, or a recovery code), enrols the
/// app the first time, and signs in. A code passes once: a second use is refused.
#[server(endpoint = "confirm_second_factor")]
pub async fn confirm_second_factor(
    #[server(default)] code: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    respond(async move {
        let Some(user_id) = awaiting_second_factor().await? else {
            return Err(Refusal::SecondFactorExpired.into());
        };
        let db = db()?;
        let user = accounts::current_user(&db, user_id)
            .await?
            .ok_or(Refusal::SecondFactorExpired)?;
        limit_rate("double_authentification", Some(&user.email)).await?;
        let keep = [("next", next.as_str())];
        if code.trim().is_empty() {
            return Err(FormErrors::single(
                "code",
                "Saisissez le code à 6 chiffres affiché par votre application.",
            )
            .with_values(keep)
            .into());
        }
        let now = u64::try_from(now_ms() / 1000).unwrap_or_default();
        let new_codes = match second_factors::secret(&db, user_id).await? {
            Some(secret) => {
                if !code_passes(&db, user_id, &secret, &code, now).await? {
                    security_event(
                        "double_authentification_refusee",
                        None,
                        Some(user_id),
                        serde_json::json!({}),
                    )
                    .await;
                    return Err(FormErrors::single(
                        "code",
                        "Ce code n'est pas valable : saisissez le code affiché en ce moment par votre application (chacun ne sert qu'une fois), ou un code de secours.",
                    )
                    .with_values(keep)
                    .into());
                }
                None
            }
            None => Some(enrol(&db, user_id, &code, now).await.map_err(|error| {
                match error {
                    AppError::Invalid(errors) => errors.with_values(keep).into(),
                    other => other,
                }
            })?),
        };
        sign_in(user_id).await?;
        security_event(
            "connexion",
            Some(user_id),
            Some(user_id),
            serde_json::json!({ "double_authentification": true }),
        )
        .await;
        let target = safe_next_or_home(&next)?;
        match new_codes {
            Some(codes) => {
                keep_recovery_codes(&codes).await?;
                redirect(&format!(
                    "/compte/codes-de-secours?suivant={}",
                    crate::domain::catalogue::encode_component(&target)
                ));
            }
            None => redirect(&target),
        }
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
fn safe_next_or_home(next: &str) -> Result<String, AppError> {
    let public_url = security()?.public_url;
    Ok(super::account::safe_next(next, &public_url)
        .unwrap_or(Role::Organiser.home())
        .to_string())
}

/// Whether `code` is the app's code of a step not used yet, or an unused recovery code
/// (then used up).
#[cfg(feature = "ssr")]
async fn code_passes(
    db: &crate::db::Db,
    user_id: i64,
    secret: &str,
    code: &str,
    now: u64,
) -> Result<bool, AppError> {
    if totp::is_app_code(code) {
        return Ok(match totp::matching_step(secret, code, now) {
            Some(step) => {
                second_factors::use_step(db, user_id, i64::try_from(step).unwrap_or(i64::MAX))
                    .await?
            }
            None => false,
        });
    }
    let typed = totp::normalised_recovery_code(code);
    for (id, hash) in second_factors::unused_recovery_codes(db, user_id).await? {
        if verify_password(typed.clone(), Some(hash)).await {
            return Ok(second_factors::use_recovery_code(db, user_id, id).await?);
        }
    }
    Ok(false)
}

/// The first code from the app shown at enrolment confirms it: the secret is saved with
/// ten new recovery codes, returned to be shown once.
#[cfg(feature = "ssr")]
async fn enrol(
    db: &crate::db::Db,
    user_id: i64,
    code: &str,
    now: u64,
) -> Result<Vec<String>, AppError> {
    let Some(secret) = shown_enrolment_secret().await? else {
        return Err(Refusal::SecondFactorExpired.into());
    };
    let step = totp::is_app_code(code)
        .then(|| totp::matching_step(&secret, code, now))
        .flatten()
        .ok_or_else(|| {
            FormErrors::single(
                "code",
                "Ce code ne correspond pas : saisissez le code à 6 chiffres que l'application affiche pour « Vis mon job » (vérifiez que votre téléphone est à l'heure).",
            )
        })?;
    let codes = totp::new_recovery_codes();
    let mut hashes = Vec::with_capacity(codes.len());
    for code in &codes {
        hashes.push(hash_password(totp::normalised_recovery_code(code)).await?);
    }
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    second_factors::enrol(db, user_id, &secret, step, &hashes).await?;
    log_security_event(
        "double_authentification_activee",
        Some(user_id),
        Some(user_id),
        &serde_json::json!({}),
    );
    Ok(codes)
}

/// Recovery codes just created, and where to go once they are noted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodesToShow {
    /// Empty once shown.
    pub codes: Vec<String>,
    /// A local path (checked as after sign-in).
    pub next: String,
}

/// The recovery codes just created, once (the page that shows them).
#[server(endpoint = "new_recovery_codes")]
pub async fn new_recovery_codes(
    #[server(default)] next: String,
) -> Result<RecoveryCodesToShow, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        Ok(RecoveryCodesToShow {
            codes: take_recovery_codes().await?,
            next: safe_next_or_home(&next)?,
        })
    })
    .await
}
