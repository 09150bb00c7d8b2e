-- Organisers' second factor (TOTP, RFC 6238): the shared secret (base32, the
-- authenticator app holds the same) and the last time step accepted, so that a code
-- cannot be used twice.
CREATE TABLE second_factors (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    last_step INTEGER NOT NULL,
    enrolled_at INTEGER NOT NULL
);

-- Ten single-use recovery codes per enrolment, stored as password hashes.
CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at INTEGER
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Organisers signed in before the second factor existed sign in again, with it.
DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE role = 'organisateur');
