-- Vis mon job: whole domain schema (SQLite).
-- Conventions shared with the PostgreSQL schema so that one set of queries serves both:
-- integers are 64-bit, flags are 0/1 integers, instants are Unix milliseconds,
-- calendar dates are 'YYYY-MM-DD' text.

CREATE TABLE regions (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE departements (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    chef_lieu_code TEXT NOT NULL
);

CREATE TABLE places (
    insee_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    search_name TEXT NOT NULL,
    departement_code TEXT NOT NULL REFERENCES departements (code),
    population INTEGER NOT NULL DEFAULT 0 CHECK (population >= 0),
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    coordinates_estimated INTEGER NOT NULL DEFAULT 0 CHECK (coordinates_estimated IN (0, 1))
);
CREATE INDEX places_search_name ON places (search_name);
CREATE INDEX places_departement ON places (departement_code);

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    summary TEXT NOT NULL,
    missions TEXT NOT NULL,
    skills TEXT NOT NULL,
    studies TEXT NOT NULL,
    recruitment TEXT NOT NULL
);

CREATE TABLE administrations (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    acronym TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('ministere', 'direction', 'operateur', 'service_deconcentre')),
    parent_id INTEGER REFERENCES administrations (id),
    ministry_id INTEGER REFERENCES administrations (id),
    description TEXT NOT NULL,
    website TEXT
);
CREATE INDEX administrations_parent ON administrations (parent_id);

CREATE TABLE editions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('journee_immersion', 'stage_seconde', 'appel_projets')),
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('brouillon', 'ouverte', 'fermee', 'archivee')),
    applications_open_on TEXT NOT NULL,
    applications_close_on TEXT NOT NULL,
    pairing_on TEXT NOT NULL,
    announcement_on TEXT NOT NULL,
    immersion_on TEXT NOT NULL,
    max_wishes INTEGER NOT NULL DEFAULT 5 CHECK (max_wishes BETWEEN 1 AND 20),
    pairing_weights TEXT NOT NULL DEFAULT '{}',
    personal_data_retention_days INTEGER NOT NULL DEFAULT 365 CHECK (personal_data_retention_days >= 0),
    created_at INTEGER NOT NULL,
    CHECK (applications_open_on <= applications_close_on),
    CHECK (applications_close_on <= pairing_on),
    CHECK (pairing_on <= announcement_on),
    CHECK (announcement_on <= immersion_on)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    role TEXT NOT NULL CHECK (role IN ('etudiant', 'ambassadeur', 'organisateur')),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email_verified_at INTEGER,
    created_at INTEGER NOT NULL,
    deleted_at INTEGER
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    data TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verification', 'reinitialisation')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE student_profiles (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    school TEXT NOT NULL,
    level INTEGER NOT NULL CHECK (level BETWEEN 2 AND 5),
    curriculum TEXT NOT NULL,
    place_code TEXT NOT NULL REFERENCES places (insee_code),
    radius_km INTEGER NOT NULL CHECK (radius_km BETWEEN 0 AND 2000),
    gender TEXT CHECK (gender IN ('femme', 'homme', 'autre')),
    updated_at INTEGER NOT NULL
);

CREATE TABLE ambassador_profiles (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    job_title TEXT NOT NULL,
    administration_id INTEGER NOT NULL REFERENCES administrations (id),
    validated_at INTEGER,
    updated_at INTEGER NOT NULL
);

CREATE TABLE offers (
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
    status TEXT NOT NULL CHECK (status IN ('brouillon', 'soumise', 'publiee', 'refusee')),
    rejection_reason TEXT,
    search_text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (edition_id, ambassador_id)
);
CREATE INDEX offers_catalogue ON offers (edition_id, status, job_id);
CREATE INDEX offers_region ON offers (edition_id, status, region_code);
CREATE INDEX offers_ministry ON offers (edition_id, status, ministry_id);

CREATE TABLE programme_items (
    id INTEGER PRIMARY KEY,
    offer_id INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    starts_at TEXT NOT NULL,
    title TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '',
    UNIQUE (offer_id, position)
);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions (id),
    student_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('brouillon', 'envoyee', 'retiree', 'en_binome', 'sans_binome')),
    motivation TEXT NOT NULL DEFAULT '',
    consent_at INTEGER,
    submitted_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (edition_id, student_id)
);

CREATE TABLE wishes (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    rank INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 20),
    offer_id INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    PRIMARY KEY (application_id, rank),
    UNIQUE (application_id, offer_id)
);
CREATE INDEX wishes_offer ON wishes (offer_id);

CREATE TABLE application_jobs (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    job_id INTEGER NOT NULL REFERENCES jobs (id),
    PRIMARY KEY (application_id, job_id)
);

CREATE TABLE application_administrations (
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    administration_id INTEGER NOT NULL REFERENCES administrations (id),
    PRIMARY KEY (application_id, administration_id)
);

CREATE TABLE matching_runs (
    id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions (id),
    algorithm TEXT NOT NULL CHECK (algorithm IN ('stable', 'optimal')),
    seed INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('en_cours', 'terminee', 'echouee')),
    result TEXT,
    error TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    finished_at INTEGER
);

CREATE TABLE pairs (
    id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions (id),
    student_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    offer_id INTEGER NOT NULL REFERENCES offers (id),
    run_id INTEGER REFERENCES matching_runs (id),
    score REAL NOT NULL DEFAULT 0,
    explanation TEXT NOT NULL DEFAULT '',
    locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    published_at INTEGER,
    student_confirmed_at INTEGER,
    ambassador_confirmed_at INTEGER,
    attendance TEXT CHECK (attendance IN ('present', 'absent')),
    created_at INTEGER NOT NULL,
    UNIQUE (edition_id, student_id)
);
CREATE INDEX pairs_offer ON pairs (offer_id);

CREATE TABLE coaching_sessions (
    id INTEGER PRIMARY KEY,
    edition_id INTEGER NOT NULL REFERENCES editions (id),
    starts_at INTEGER NOT NULL,
    duration_minutes INTEGER NOT NULL DEFAULT 60 CHECK (duration_minutes > 0),
    capacity INTEGER NOT NULL CHECK (capacity >= 0),
    seats_taken INTEGER NOT NULL DEFAULT 0 CHECK (seats_taken >= 0 AND seats_taken <= capacity),
    location TEXT NOT NULL
);

CREATE TABLE coaching_bookings (
    session_id INTEGER NOT NULL REFERENCES coaching_sessions (id) ON DELETE CASCADE,
    edition_id INTEGER NOT NULL REFERENCES editions (id),
    ambassador_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    attended INTEGER CHECK (attended IN (0, 1)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, ambassador_id),
    UNIQUE (edition_id, ambassador_id)
);

CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    pair_id INTEGER NOT NULL REFERENCES pairs (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    UNIQUE (pair_id, author_id)
);

CREATE TABLE notification_outbox (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('en_attente', 'envoye', 'abandonne')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
