//! The organisers' second factor: time-based one-time codes (TOTP, RFC 6238: HMAC-SHA1,
//! six digits, 30-second steps, as every authenticator app reads them), the QR code that
//! carries the secret to the app, and the single-use recovery codes.

use super::tokens::random_bytes;
use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per code.
pub const STEP_SECONDS: u64 = 30;
/// Codes of the step before and after the current one pass too: a phone's clock drifts,
/// and typing a code takes a few seconds.
const STEPS_AROUND: u64 = 1;
pub const RECOVERY_CODE_COUNT: usize = 10;
/// Shown to the person, in the authenticator app and in the QR code.
const ISSUER: &str = "Vis mon job";

/// A new shared secret (160 bits, as RFC 4226 recommends), base32 as apps take it.
pub fn new_secret() -> String {
    Secret::Raw(random_bytes::<20>().to_vec())
        .to_encoded()
        .to_string()
}

fn totp(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, 6, 0, STEP_SECONDS, bytes).ok()
}

/// The time step of `unix_seconds`.
pub fn step_of(unix_seconds: u64) -> u64 {
    unix_seconds / STEP_SECONDS
}

/// The step whose code `code` is, among the steps around `unix_seconds`, if any; the
/// caller refuses a step already used (a code cannot be replayed).
pub fn matching_step(secret: &str, code: &str, unix_seconds: u64) -> Option<u64> {
    let totp = totp(secret)?;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let current = step_of(unix_seconds);
    (current.saturating_sub(STEPS_AROUND)..=current + STEPS_AROUND)
        .find(|step| totp.check(&code, step * STEP_SECONDS))
}

/// The code of `step` (what the person's app shows then); for tests and tools.
pub fn code_of_step(secret: &str, step: u64) -> Option<String> {
    Some(totp(secret)?.generate(step * STEP_SECONDS))
}

/// Whether `code` looks like an app's code (six digits, spaces allowed) rather than a
/// recovery code.
pub fn is_app_code(code: &str) -> bool {
    let digits: Vec<char> = code.chars().filter(|c| !c.is_whitespace()).collect();
    digits.len() == 6 && digits.iter().all(char::is_ascii_digit)
}

/// The secret in groups of four, easier to type into an app by hand.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .filter_map(|chunk| std::str::from_utf8(chunk).ok())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn provisioning_uri(secret: &str, account: &str) -> String {
    let label: String =
        url::form_urlencoded::byte_serialize(format!("{ISSUER}:{account}").as_bytes())
            .collect::<String>()
            .replace('+', "%20");
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("secret", secret)
        .append_pair("issuer", ISSUER)
        .append_pair("algorithm", "SHA1")
        .append_pair("digits", "6")
        .append_pair("period", &STEP_SECONDS.to_string())
        .finish()
        .replace('+', "%20");
    format!("otpauth://totp/{label}?{query}")
}

/// `text` as a QR code, an SVG image drawn in one path (dark modules on white, with the
/// four-module margin the standard asks for).
pub fn qr_code_svg(text: &str) -> Option<String> {
    use qrcodegen::{QrCode, QrCodeEcc};
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let margin = 4;
    let size = qr.size() + 2 * margin;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + margin, y + margin));
            }
        }
    }
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="220" height="220" shape-rendering="crispEdges" aria-hidden="true" focusable="false"><rect width="100%" height="100%" fill="#ffffff"/><path d="{path}" fill="#000000"/></svg>"##
    ))
}

/// Letters and digits that cannot be mistaken for one another when copied by hand.
const RECOVERY_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Ten new recovery codes, shown once: twelve characters each (about 59 bits), written
/// `XXXX-XXXX-XXXX`.
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODE_COUNT)
        .map(|_| {
            let raw: String = random_bytes::<12>()
                .iter()
                .map(|byte| {
                    // 256 is not a multiple of the alphabet's size: the slight bias left
                    // costs well under a bit of the code's strength.
                    char::from(RECOVERY_ALPHABET[usize::from(*byte) % RECOVERY_ALPHABET.len()])
                })
                .collect();
            format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12])
        })
        .collect()
}

/// A recovery code as typed (any case, spaces or dashes) in the one form it is hashed in.
pub fn normalised_recovery_code(typed: &str) -> String {
    typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 test secret "12345678901234567890" and its codes
    /// (the last six digits of the eight-digit values).
    #[test]
    fn codes_are_those_of_rfc_6238() {
        let secret = Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        for (time, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_of_step(&secret, step_of(time)).as_deref(), Some(code));
            assert_eq!(matching_step(&secret, code, time), Some(step_of(time)));
        }
    }

    #[test]
    fn a_code_passes_one_step_early_or_late_and_no_further() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let step = step_of(now);
        for (offset, passes) in [
            (-2_i64, false),
            (-1, true),
            (0, true),
            (1, true),
            (2, false),
        ] {
            let other = step.checked_add_signed(offset).expect("a step");
            let code = code_of_step(&secret, other).expect("a code");
            let found = matching_step(&secret, &code, now);
            assert_eq!(found == Some(other), passes, "step {offset}");
        }
        assert_eq!(matching_step(&secret, "12345", now), None);
        assert_eq!(matching_step("pas du base32 !", "123456", now), None);
    }

    #[test]
    fn recovery_codes_are_distinct_and_read_back_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODE_COUNT);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), RECOVERY_CODE_COUNT);
        let code = &codes[0];
        assert_eq!(code.len(), 14);
        assert_eq!(
            normalised_recovery_code(&format!(" {} ", code.to_lowercase().replace('-', " "))),
            code.replace('-', "")
        );
        assert!(!is_app_code(code));
        assert!(is_app_code("123 456"));
    }

    #[test]
    fn the_qr_code_and_the_address_carry_the_secret() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        let uri = provisioning_uri(&secret, "dominique@exemple.fr");
        assert!(uri.starts_with("otpauth://totp/Vis%20mon%20job%3Adominique%40exemple.fr?secret="));
        assert!(uri.contains(&secret) && uri.contains("issuer=Vis%20mon%20job"));
        let svg = qr_code_svg(&uri).expect("a QR code");
        assert!(svg.starts_with("<svg") && svg.contains("h1v1h-1z"));
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
