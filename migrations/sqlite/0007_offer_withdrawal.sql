-- An ambassador can withdraw an offer ('retiree'). SQLite cannot change a CHECK in
-- place: the table is rebuilt as its documentation prescribes (new table, copy, drop,
-- rename), which the migrations run with foreign keys off for (see db::Db::migrate).
CREATE TABLE offers_new (
    id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions (id),
    ambassador_id INTEGER NOT NULL REFERENCES users (id),
    job_id INTEGER NOT NULL REFERENCES jobs (id),
    administration_id INTEGER NOT NULL REFERENCES administrations (id),
    ministry_id INTEGER NOT NULL REFERENCES administrations (id),
    place_code TEXT NOT NULL REFERENCES places (insee_code),
    departement_code TEXT NOT NULL REFERENCES departements (code),
    region_code TEXT NOT NULL REFERENCES regions (code),
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    address TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    team TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL CHECK (capacity >= 0 AND capacity <= 50),
    seats_taken INTEGER NOT NULL DEFAULT 0 CHECK (seats_taken >= 0 AND seats_taken <= capacity),
    levels_mask INTEGER NOT NULL CHECK (levels_mask BETWEEN 1 AND 15),
    id_check_required INTEGER NOT NULL DEFAULT 0 CHECK (id_check_required IN (0, 1)),
    step_free_access INTEGER NOT NULL DEFAULT 0 CHECK (step_free_access IN (0, 1)),
    access_notes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('brouillon', 'soumise', 'publiee', 'refusee', 'retiree')),
    rejection_reason TEXT,
    search_text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (edition_id, ambassador_id)
);
INSERT INTO offers_new SELECT * FROM offers;
DROP TABLE offers;
ALTER TABLE offers_new RENAME TO offers;
CREATE INDEX offers_left_all ON offers (edition_id, status, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_left_job ON offers (edition_id, status, job_id, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_left_region ON offers (edition_id, status, region_code, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_left_job_region ON offers (edition_id, status, job_id, region_code, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_left_departement ON offers (edition_id, status, departement_code, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_left_ministry ON offers (edition_id, status, ministry_id, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_left_administration ON offers (edition_id, status, administration_id, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_position ON offers (edition_id, status, lat, lon);
