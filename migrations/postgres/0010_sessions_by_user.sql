-- Every session of a user is found at once (sign out everywhere, password change).
CREATE INDEX sessions_user ON sessions (user_id);
