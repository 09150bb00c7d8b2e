//! Random secrets: e-mail link tokens, stored only as digests.

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The operating system's generator does not fail on supported platforms; if it
    // ever did, refusing to serve is the only safe answer.
    getrandom::fill(&mut bytes).expect("operating system random generator");
    bytes
}

/// A new e-mail link token (what the link carries) and its digest (what is stored).
pub fn new_token() -> (String, String) {
    use base64::Engine;
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>());
    let digest = token_digest(&token);
    (token, digest)
}

pub fn token_digest(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.trim().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stored_as_digests() {
        let (token, digest) = new_token();
        assert_eq!(token.len(), 43);
        assert_eq!(digest, token_digest(&token));
        assert_ne!(digest, token);
        assert_ne!(new_token().0, token);
    }
}
