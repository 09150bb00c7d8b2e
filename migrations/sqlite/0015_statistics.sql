-- The live statistics of an edition read running totals instead of counting rows: with
-- hundreds of thousands of applications a count takes longer than a dashboard may wait.
--
-- Each row of applications, offers, pairs and coaching_bookings contributes to totals
-- (`statistic_contributions`, one view, the only definition of what is counted); a
-- trigger takes a row's contribution off before it changes and adds the new one after,
-- so `statistic_tallies` always equals the view summed up. A migration that rebuilds one
-- of these tables must create its triggers again.
--
-- An application keeps the student's level, gender and département as they were when it
-- was sent: a later profile change does not move a sent application between groups.
ALTER TABLE applications ADD COLUMN student_level INTEGER;
ALTER TABLE applications ADD COLUMN student_gender TEXT;
ALTER TABLE applications ADD COLUMN student_departement_code TEXT;
UPDATE applications SET
    student_level = (SELECT level FROM student_profiles s WHERE s.user_id = applications.student_id),
    student_gender = (SELECT gender FROM student_profiles s WHERE s.user_id = applications.student_id),
    student_departement_code = (SELECT p.departement_code FROM student_profiles s
                                JOIN places p ON p.insee_code = s.place_code
                                WHERE s.user_id = applications.student_id)
WHERE submitted_at IS NOT NULL;

-- The rank of the wish a pair fulfils (NULL: outside the student's wishes).
ALTER TABLE pairs ADD COLUMN wish_rank INTEGER;
UPDATE pairs SET wish_rank = (
    SELECT w.rank FROM applications a JOIN wishes w ON w.application_id = a.id
    WHERE a.edition_id = pairs.edition_id AND a.student_id = pairs.student_id AND w.offer_id = pairs.offer_id);

CREATE TABLE statistic_tallies (
    edition_id INTEGER NOT NULL,
    dimension TEXT NOT NULL,
    key TEXT NOT NULL,
    n INTEGER NOT NULL DEFAULT 0,
    places INTEGER NOT NULL DEFAULT 0,
    taken INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (edition_id, dimension, key)
);

CREATE VIEW statistic_contributions AS
    SELECT 'applications' AS source, id AS row_id, edition_id, 'candidatures' AS dimension,
           status AS key, 1 AS n, 0 AS places, 0 AS taken
    FROM applications
    UNION ALL SELECT 'applications', id, edition_id, 'etudiants_niveau', COALESCE(CAST(student_level AS TEXT), ''), 1, 0, 0
    FROM applications WHERE status IN ('envoyee', 'en_binome', 'sans_binome')
    UNION ALL SELECT 'applications', id, edition_id, 'etudiants_genre', COALESCE(student_gender, 'non_renseigne'), 1, 0, 0
    FROM applications WHERE status IN ('envoyee', 'en_binome', 'sans_binome')
    UNION ALL SELECT 'applications', id, edition_id, 'etudiants_departement', COALESCE(student_departement_code, ''), 1, 0, 0
    FROM applications WHERE status IN ('envoyee', 'en_binome', 'sans_binome')
    UNION ALL SELECT 'applications', id, edition_id, 'candidatures_heure', CAST(submitted_at / 3600000 AS TEXT), 1, 0, 0
    FROM applications WHERE status IN ('envoyee', 'en_binome', 'sans_binome') AND submitted_at IS NOT NULL
    UNION ALL SELECT 'offers', id, edition_id, 'offres', status, 1, capacity, seats_taken
    FROM offers
    UNION ALL SELECT 'offers', id, edition_id, 'metier', CAST(job_id AS TEXT), 1, capacity, seats_taken
    FROM offers WHERE status = 'publiee'
    UNION ALL SELECT 'offers', id, edition_id, 'ministere', CAST(ministry_id AS TEXT), 1, capacity, seats_taken
    FROM offers WHERE status = 'publiee'
    UNION ALL SELECT 'offers', id, edition_id, 'departement', departement_code, 1, capacity, seats_taken
    FROM offers WHERE status = 'publiee'
    UNION ALL SELECT 'pairs', id, edition_id, 'binomes', 'tous', 1, 0, 0
    FROM pairs
    UNION ALL SELECT 'pairs', id, edition_id, 'binomes', 'annonces', 1, 0, 0
    FROM pairs WHERE published_at IS NOT NULL
    UNION ALL SELECT 'pairs', id, edition_id, 'binomes', 'confirmes_etudiant', 1, 0, 0
    FROM pairs WHERE student_confirmed_at IS NOT NULL
    UNION ALL SELECT 'pairs', id, edition_id, 'binomes', 'confirmes_ambassadeur', 1, 0, 0
    FROM pairs WHERE ambassador_confirmed_at IS NOT NULL
    UNION ALL SELECT 'pairs', id, edition_id, 'binomes', 'confirmes_deux', 1, 0, 0
    FROM pairs WHERE student_confirmed_at IS NOT NULL AND ambassador_confirmed_at IS NOT NULL
    UNION ALL SELECT 'pairs', id, edition_id, 'presence', attendance, 1, 0, 0
    FROM pairs WHERE attendance IS NOT NULL
    UNION ALL SELECT 'pairs', id, edition_id, 'rang_voeu', COALESCE(CAST(wish_rank AS TEXT), 'hors_voeux'), 1, 0, 0
    FROM pairs
    UNION ALL SELECT 'coaching_bookings', ambassador_id, edition_id, 'coaching', 'inscrits', 1, 0, 0
    FROM coaching_bookings
    UNION ALL SELECT 'coaching_bookings', ambassador_id, edition_id, 'coaching',
           CASE attended WHEN 1 THEN 'presents' ELSE 'absents' END, 1, 0, 0
    FROM coaching_bookings WHERE attended IS NOT NULL;

INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
SELECT edition_id, dimension, key, SUM(n), SUM(places), SUM(taken)
FROM statistic_contributions GROUP BY edition_id, dimension, key;

-- The triggers; each also counts the changes ('_changements'), which a dashboard open on
-- this edition watches to know when to read the totals again.

CREATE TRIGGER applications_tally_insert AFTER INSERT ON applications BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, n, places, taken FROM statistic_contributions
    WHERE source = 'applications' AND edition_id = NEW.edition_id AND row_id = NEW.id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n) VALUES (NEW.edition_id, '_changements', '', 1)
    ON CONFLICT (edition_id, dimension, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER applications_tally_before_update BEFORE UPDATE ON applications
WHEN OLD.status IS NOT NEW.status OR OLD.student_level IS NOT NEW.student_level OR OLD.student_gender IS NOT NEW.student_gender OR OLD.student_departement_code IS NOT NEW.student_departement_code OR OLD.submitted_at IS NOT NEW.submitted_at
BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, -n, -places, -taken FROM statistic_contributions
    WHERE source = 'applications' AND edition_id = OLD.edition_id AND row_id = OLD.id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
END;

CREATE TRIGGER applications_tally_after_update AFTER UPDATE ON applications
WHEN OLD.status IS NOT NEW.status OR OLD.student_level IS NOT NEW.student_level OR OLD.student_gender IS NOT NEW.student_gender OR OLD.student_departement_code IS NOT NEW.student_departement_code OR OLD.submitted_at IS NOT NEW.submitted_at
BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, n, places, taken FROM statistic_contributions
    WHERE source = 'applications' AND edition_id = NEW.edition_id AND row_id = NEW.id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n) VALUES (NEW.edition_id, '_changements', '', 1)
    ON CONFLICT (edition_id, dimension, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER applications_tally_delete BEFORE DELETE ON applications BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, -n, -places, -taken FROM statistic_contributions
    WHERE source = 'applications' AND edition_id = OLD.edition_id AND row_id = OLD.id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n) VALUES (OLD.edition_id, '_changements', '', 1)
    ON CONFLICT (edition_id, dimension, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER offers_tally_insert AFTER INSERT ON offers BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, n, places, taken FROM statistic_contributions
    WHERE source = 'offers' AND edition_id = NEW.edition_id AND row_id = NEW.id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n) VALUES (NEW.edition_id, '_changements', '', 1)
    ON CONFLICT (edition_id, dimension, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER offers_tally_before_update BEFORE UPDATE ON offers
WHEN OLD.status IS NOT NEW.status OR OLD.capacity IS NOT NEW.capacity OR OLD.seats_taken IS NOT NEW.seats_taken OR OLD.job_id IS NOT NEW.job_id OR OLD.ministry_id IS NOT NEW.ministry_id OR OLD.departement_code IS NOT NEW.departement_code
BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, -n, -places, -taken FROM statistic_contributions
    WHERE source = 'offers' AND edition_id = OLD.edition_id AND row_id = OLD.id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
END;

CREATE TRIGGER offers_tally_after_update AFTER UPDATE ON offers
WHEN OLD.status IS NOT NEW.status OR OLD.capacity IS NOT NEW.capacity OR OLD.seats_taken IS NOT NEW.seats_taken OR OLD.job_id IS NOT NEW.job_id OR OLD.ministry_id IS NOT NEW.ministry_id OR OLD.departement_code IS NOT NEW.departement_code
BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, n, places, taken FROM statistic_contributions
    WHERE source = 'offers' AND edition_id = NEW.edition_id AND row_id = NEW.id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n) VALUES (NEW.edition_id, '_changements', '', 1)
    ON CONFLICT (edition_id, dimension, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER offers_tally_delete BEFORE DELETE ON offers BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, -n, -places, -taken FROM statistic_contributions
    WHERE source = 'offers' AND edition_id = OLD.edition_id AND row_id = OLD.id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n) VALUES (OLD.edition_id, '_changements', '', 1)
    ON CONFLICT (edition_id, dimension, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER pairs_tally_insert AFTER INSERT ON pairs BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, n, places, taken FROM statistic_contributions
    WHERE source = 'pairs' AND edition_id = NEW.edition_id AND row_id = NEW.id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n) VALUES (NEW.edition_id, '_changements', '', 1)
    ON CONFLICT (edition_id, dimension, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER pairs_tally_before_update BEFORE UPDATE ON pairs
WHEN OLD.published_at IS NOT NEW.published_at OR OLD.student_confirmed_at IS NOT NEW.student_confirmed_at OR OLD.ambassador_confirmed_at IS NOT NEW.ambassador_confirmed_at OR OLD.attendance IS NOT NEW.attendance OR OLD.wish_rank IS NOT NEW.wish_rank
BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, -n, -places, -taken FROM statistic_contributions
    WHERE source = 'pairs' AND edition_id = OLD.edition_id AND row_id = OLD.id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
END;

CREATE TRIGGER pairs_tally_after_update AFTER UPDATE ON pairs
WHEN OLD.published_at IS NOT NEW.published_at OR OLD.student_confirmed_at IS NOT NEW.student_confirmed_at OR OLD.ambassador_confirmed_at IS NOT NEW.ambassador_confirmed_at OR OLD.attendance IS NOT NEW.attendance OR OLD.wish_rank IS NOT NEW.wish_rank
BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, n, places, taken FROM statistic_contributions
    WHERE source = 'pairs' AND edition_id = NEW.edition_id AND row_id = NEW.id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n) VALUES (NEW.edition_id, '_changements', '', 1)
    ON CONFLICT (edition_id, dimension, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER pairs_tally_delete BEFORE DELETE ON pairs BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, -n, -places, -taken FROM statistic_contributions
    WHERE source = 'pairs' AND edition_id = OLD.edition_id AND row_id = OLD.id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n) VALUES (OLD.edition_id, '_changements', '', 1)
    ON CONFLICT (edition_id, dimension, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER coaching_bookings_tally_insert AFTER INSERT ON coaching_bookings BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, n, places, taken FROM statistic_contributions
    WHERE source = 'coaching_bookings' AND edition_id = NEW.edition_id AND row_id = NEW.ambassador_id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n) VALUES (NEW.edition_id, '_changements', '', 1)
    ON CONFLICT (edition_id, dimension, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER coaching_bookings_tally_before_update BEFORE UPDATE ON coaching_bookings
WHEN OLD.attended IS NOT NEW.attended
BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, -n, -places, -taken FROM statistic_contributions
    WHERE source = 'coaching_bookings' AND edition_id = OLD.edition_id AND row_id = OLD.ambassador_id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
END;

CREATE TRIGGER coaching_bookings_tally_after_update AFTER UPDATE ON coaching_bookings
WHEN OLD.attended IS NOT NEW.attended
BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, n, places, taken FROM statistic_contributions
    WHERE source = 'coaching_bookings' AND edition_id = NEW.edition_id AND row_id = NEW.ambassador_id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n) VALUES (NEW.edition_id, '_changements', '', 1)
    ON CONFLICT (edition_id, dimension, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER coaching_bookings_tally_delete BEFORE DELETE ON coaching_bookings BEGIN
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT edition_id, dimension, key, -n, -places, -taken FROM statistic_contributions
    WHERE source = 'coaching_bookings' AND edition_id = OLD.edition_id AND row_id = OLD.ambassador_id
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = n + excluded.n, places = places + excluded.places, taken = taken + excluded.taken;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n) VALUES (OLD.edition_id, '_changements', '', 1)
    ON CONFLICT (edition_id, dimension, key) DO UPDATE SET n = n + 1;
END;
