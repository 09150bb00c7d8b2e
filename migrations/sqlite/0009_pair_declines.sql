-- A pair declined by one side (or undone by an organiser), with the reason: the seat
-- is freed and the organisers see it on the pairing page to pair the student again.
CREATE TABLE pair_declines (
    id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions (id),
    student_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    offer_id INTEGER NOT NULL REFERENCES offers (id),
    side TEXT NOT NULL CHECK (side IN ('etudiant', 'ambassadeur', 'organisation')),
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX pair_declines_edition ON pair_declines (edition_id);
