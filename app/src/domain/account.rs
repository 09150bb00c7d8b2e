//! Accounts: roles, e-mail addresses, passwords and names, each validating itself.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Student,
    Ambassador,
    Organiser,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Student, Role::Ambassador, Role::Organiser];

    /// The value stored in the database and used in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Student => "etudiant",
            Role::Ambassador => "ambassadeur",
            Role::Organiser => "organisateur",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Student => "Étudiante ou étudiant",
            Role::Ambassador => "Ambassadrice ou ambassadeur",
            Role::Organiser => "Organisatrice ou organisateur",
        }
    }

    /// Where a user of this role lands after signing in.
    pub fn home(self) -> &'static str {
        match self {
            Role::Student => "/candidature",
            Role::Ambassador => "/ambassadeur",
            Role::Organiser => "/organisation",
        }
    }
}

/// Roles a visitor may give themself at sign-up (organisers are created on the command line).
pub fn signup_role(value: &str) -> Result<Role, String> {
    match Role::parse(value) {
        Some(role @ (Role::Student | Role::Ambassador)) => Ok(role),
        _ => Err("Choisissez « étudiante ou étudiant » ou « ambassadrice ou ambassadeur ».".into()),
    }
}

/// An e-mail address, trimmed, lower-cased and in Unicode's composed form (NFC):
/// addresses are compared that way, so "é" typed as one or two code points is one address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(value: &str) -> Result<Email, String> {
        use unicode_normalization::UnicodeNormalization;
        let value: String = value.trim().to_lowercase().nfc().collect();
        if value.is_empty() {
            return Err("Indiquez votre adresse électronique.".into());
        }
        let message = || {
            "Adresse électronique invalide : elle doit ressembler à prenom.nom@exemple.fr."
                .to_string()
        };
        if value.len() > 254 {
            return Err("Adresse électronique trop longue (254 caractères au plus).".into());
        }
        let (local, domain) = value.rsplit_once('@').ok_or_else(message)?;
        let valid_domain = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let valid_local = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && local.chars().all(|c| {
                !c.is_whitespace()
                    && !c.is_control()
                    && !super::text::is_invisible(c)
                    && c != '<'
                    && c != '>'
                    && c != ','
                    && c != '"'
            });
        if valid_domain && valid_local {
            Ok(Email(value))
        } else {
            Err(message())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What follows the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

/// The e-mail domains of State agents: an ambassador signs up with an address on one of
/// them or on one of their subdomains (`gouv.fr` lets in `interieur.gouv.fr`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfessionalDomains(Vec<String>);

impl ProfessionalDomains {
    /// A comma-separated list such as `gouv.fr, ign.fr`; a leading `@` or `.` is allowed.
    pub fn parse(list: &str) -> Result<ProfessionalDomains, String> {
        let mut domains = Vec::new();
        for item in list.split(',') {
            let domain = item.trim().trim_start_matches(['@', '.']).to_lowercase();
            if domain.is_empty() {
                continue;
            }
            let valid = domain.contains('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && domain
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
            if !valid {
                return Err(format!("domaine « {domain} » invalide"));
            }
            domains.push(domain);
        }
        if domains.is_empty() {
            return Err("aucun domaine".into());
        }
        Ok(ProfessionalDomains(domains))
    }

    pub fn allows(&self, email: &Email) -> bool {
        let domain = email.domain();
        self.0.iter().any(|allowed| {
            domain == allowed
                || domain
                    .strip_suffix(allowed.as_str())
                    .is_some_and(|head| head.ends_with('.'))
        })
    }

    /// The check of an ambassador's address at sign-up, with the message of the field.
    pub fn check(&self, email: &Email) -> Result<(), String> {
        if self.allows(email) {
            return Ok(());
        }
        Err(format!(
            "Un compte ambassadeur demande votre adresse professionnelle d'agent de l'État, \
             sur l'un de ces domaines ou leurs sous-domaines : {}. Si votre administration \
             en utilise un autre, écrivez-nous.",
            self.0.join(", ")
        ))
    }
}

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;

/// A new password: long enough to resist guessing (ANSSI recommends length over rules).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

impl NewPassword {
    pub fn parse(value: &str) -> Result<NewPassword, String> {
        let length = value.chars().count();
        if length < PASSWORD_MIN_CHARS {
            return Err(format!(
                "Le mot de passe doit contenir au moins {PASSWORD_MIN_CHARS} caractères."
            ));
        }
        if length > PASSWORD_MAX_CHARS {
            return Err(format!(
                "Le mot de passe doit contenir au plus {PASSWORD_MAX_CHARS} caractères."
            ));
        }
        if value.trim().is_empty() {
            return Err("Le mot de passe ne peut pas être fait que d'espaces.".into());
        }
        Ok(NewPassword(value.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A first or last name.
pub fn person_name(value: &str, label: &str) -> Result<String, String> {
    let name = super::form::text(value, label, 1, 80, false)?;
    if name.chars().any(super::text::is_invisible) {
        return Err(format!(
            "{} contient des caractères invisibles : retapez-le sans copier-coller.",
            super::form::capitalise(label)
        ));
    }
    Ok(name)
}

/// The signed-in user, as pages and server functions see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub role: Role,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

/// The signed-in user and what is left of their session (the header warns before it ends).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub user: CurrentUser,
    pub time_left: SessionTimeLeft,
}

/// What is left of a signed-in session: it ends after `idle_limit_seconds` without
/// activity, or at its absolute lifetime, whichever comes first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTimeLeft {
    pub idle_limit_seconds: u64,
    pub absolute_limit_seconds: u64,
    /// Until the idle limit, counted from the last activity.
    pub idle_seconds: u64,
    /// Until the absolute lifetime, which no activity pushes back.
    pub absolute_seconds: u64,
}

impl SessionTimeLeft {
    /// Seconds until the session ends, whatever ends it.
    pub fn until_end(self) -> u64 {
        self.idle_seconds.min(self.absolute_seconds)
    }

    /// Whether staying active pushes the end back (the idle limit comes first).
    pub fn extendable(self) -> bool {
        self.idle_seconds <= self.absolute_seconds
    }

    /// How long before the end the warning shows: five minutes, or half the idle limit
    /// when it is shorter, so that there is always time to answer it (RGAA 13.1).
    pub fn warning_lead(self) -> u64 {
        (self.idle_limit_seconds / 2).min(300)
    }

    /// Seconds until the warning is due (0: now).
    pub fn until_warning(self) -> u64 {
        self.until_end().saturating_sub(self.warning_lead())
    }
}

/// One of the account's open sessions, as "Mon compte" lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenSession {
    /// The session of the browser reading the list.
    pub current: bool,
    /// "Firefox sur Windows", from what the browser said at sign-in.
    pub device: String,
    pub signed_in_at: i64,
    pub last_seen_at: i64,
}

/// A short French description of a browser from its `User-Agent`: enough for a person
/// to recognise their own devices in the list of open sessions.
pub fn device_label(user_agent: &str) -> String {
    // The first mark found names it: Edge and Opera also say "Chrome", Chrome "Safari".
    let first = |marks: &[(&str, &'static str)]| {
        marks
            .iter()
            .find(|(mark, _)| user_agent.contains(mark))
            .map(|(_, name)| *name)
    };
    let browser = first(&[
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]);
    let system = first(&[
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} sur {system}"),
        (Some(name), None) | (None, Some(name)) => name.to_string(),
        (None, None) => "Navigateur inconnu".to_string(),
    }
}

/// The sign-in page, coming back to `next` (a local path with its query) afterwards.
pub fn sign_in_link(next: &str) -> String {
    format!(
        "/connexion?suivant={}",
        crate::domain::catalogue::encode_component(next)
    )
}

/// The one-time code page after an organiser's password, then `next` (if any).
pub fn second_factor_link(next: &str) -> String {
    if next.is_empty() {
        "/connexion/code".into()
    } else {
        format!(
            "/connexion/code?suivant={}",
            crate::domain::catalogue::encode_component(next)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_warning_comes_in_time_to_answer_it() {
        let two_hours = SessionTimeLeft {
            idle_limit_seconds: 7200,
            absolute_limit_seconds: 43_200,
            idle_seconds: 7000,
            absolute_seconds: 40_000,
        };
        assert_eq!(two_hours.until_end(), 7000);
        assert!(two_hours.extendable());
        assert_eq!(two_hours.warning_lead(), 300);
        assert_eq!(two_hours.until_warning(), 6700);
        let one_minute = SessionTimeLeft {
            idle_limit_seconds: 60,
            absolute_limit_seconds: 43_200,
            idle_seconds: 60,
            absolute_seconds: 40_000,
        };
        assert_eq!(one_minute.until_warning(), 30, "half the idle limit");
        let last_hour = SessionTimeLeft {
            idle_limit_seconds: 7200,
            absolute_limit_seconds: 43_200,
            idle_seconds: 7200,
            absolute_seconds: 100,
        };
        assert_eq!(last_hour.until_end(), 100);
        assert!(!last_hour.extendable(), "the absolute lifetime comes first");
        assert_eq!(last_hour.until_warning(), 0, "warned at once");
    }

    #[test]
    fn professional_domains_take_subdomains_only() {
        let domains = ProfessionalDomains::parse("gouv.fr, @ign.fr,").unwrap();
        let allowed = |address: &str| domains.allows(&Email::parse(address).unwrap());
        assert!(allowed("agent@gouv.fr"));
        assert!(allowed("Camille.Durand@Interieur.Gouv.FR"));
        assert!(allowed("agent@dgfip.finances.gouv.fr"));
        assert!(allowed("agent@ign.fr"));
        assert!(!allowed("agent@fakegouv.fr"), "a lookalike domain");
        assert!(
            !allowed("agent@gouv.fr.example.com"),
            "a domain that only starts so"
        );
        assert!(!allowed("agent@gmail.com"));
        let refused = domains.check(&Email::parse("agent@gmail.com").unwrap());
        assert!(refused.unwrap_err().contains("domaines : gouv.fr, ign.fr."));
        assert!(ProfessionalDomains::parse(" , ").is_err());
        assert!(ProfessionalDomains::parse("gouv.fr, pas un domaine").is_err());
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Camille.Martin@Exemple.FR ").map(|e| e.0),
            Ok("camille.martin@exemple.fr".into())
        );
        for bad in [
            "",
            "camille",
            "camille@",
            "@exemple.fr",
            "a@b",
            "a b@c.fr",
            "a@.fr",
            "a@b..fr",
            "cam\u{200B}ille@exemple.fr",
            "\u{202E}rf.elpmexe@ellimac",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        // "é" precomposed and "e" + combining accent are one address.
        assert_eq!(
            Email::parse("Ren\u{0065}\u{0301}e@exemple.fr"),
            Email::parse("ren\u{00E9}e@exemple.fr")
        );
    }

    #[test]
    fn names_refuse_invisible_and_reordering_characters() {
        assert_eq!(
            person_name(" Rene\u{0301}e ", "votre prénom"),
            Ok("Ren\u{00E9}e".into())
        );
        assert_eq!(
            person_name("Jean-Éric", "votre prénom"),
            Ok("Jean-Éric".into())
        );
        for bad in [
            "Camille\u{202E}ellimac",
            "Cam\u{200B}ille",
            "Cam\u{2066}ille",
            "\u{FEFF}Camille",
            "Cam\u{0007}ille",
        ] {
            assert!(person_name(bad, "votre prénom").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn browsers_are_described_in_a_few_words() {
        assert_eq!(
            device_label(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
            ),
            "Firefox sur Windows"
        );
        assert_eq!(
            device_label("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"),
            "Chrome sur Android"
        );
        assert_eq!(
            device_label("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"),
            "Safari sur iPhone"
        );
        assert_eq!(
            device_label("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0"),
            "Edge sur Windows"
        );
        assert_eq!(device_label("curl/8.5"), "Navigateur inconnu");
    }

    #[test]
    fn passwords_need_twelve_characters() {
        assert!(NewPassword::parse("court").is_err());
        assert!(NewPassword::parse("            ").is_err());
        assert!(NewPassword::parse("une phrase de passe").is_ok());
        assert!(NewPassword::parse(&"x".repeat(129)).is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("une phrase de passe")),
            "Ok(NewPassword(…))"
        );
    }

    #[test]
    fn only_students_and_ambassadors_sign_up() {
        assert_eq!(signup_role("etudiant"), Ok(Role::Student));
        assert_eq!(signup_role("ambassadeur"), Ok(Role::Ambassador));
        assert!(signup_role("organisateur").is_err());
        assert!(signup_role("").is_err());
    }
}
