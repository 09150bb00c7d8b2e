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
ALTER TABLE applications ADD COLUMN student_level BIGINT;
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
ALTER TABLE pairs ADD COLUMN wish_rank BIGINT;
UPDATE pairs SET wish_rank = (
    SELECT w.rank FROM applications a JOIN wishes w ON w.application_id = a.id
    WHERE a.edition_id = pairs.edition_id AND a.student_id = pairs.student_id AND w.offer_id = pairs.offer_id);

CREATE TABLE statistic_tallies (
    edition_id BIGINT NOT NULL,
    dimension TEXT NOT NULL,
    key TEXT NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    places BIGINT NOT NULL DEFAULT 0,
    taken BIGINT NOT NULL DEFAULT 0,
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

-- One trigger function for the four tables: before a row changes or goes, its
-- contribution is taken off; after it is written, the new one is added. Each change is
-- announced on the channel `vismonjob_statistics` (payload: the edition), which every
-- server process listens to for the dashboards it serves; PostgreSQL sends the
-- notifications when the transaction commits, once per distinct payload.
CREATE FUNCTION tally_statistics() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed RECORD;
    sign BIGINT;
    row_key BIGINT;
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        changed := OLD;
        sign := -1;
    ELSE
        changed := NEW;
        sign := 1;
    END IF;
    IF TG_TABLE_NAME = 'coaching_bookings' THEN
        row_key := changed.ambassador_id;
    ELSE
        row_key := changed.id;
    END IF;
    INSERT INTO statistic_tallies (edition_id, dimension, key, n, places, taken)
    SELECT c.edition_id, c.dimension, c.key, sign * c.n, sign * c.places, sign * c.taken
    FROM statistic_contributions c
    WHERE c.source = TG_TABLE_NAME AND c.edition_id = changed.edition_id AND c.row_id = row_key
    ON CONFLICT (edition_id, dimension, key) DO UPDATE
    SET n = statistic_tallies.n + excluded.n,
        places = statistic_tallies.places + excluded.places,
        taken = statistic_tallies.taken + excluded.taken;
    IF TG_WHEN = 'AFTER' OR TG_OP = 'DELETE' THEN
        PERFORM pg_notify('vismonjob_statistics', changed.edition_id::text);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER applications_tally_insert AFTER INSERT ON applications
    FOR EACH ROW EXECUTE FUNCTION tally_statistics();
CREATE TRIGGER applications_tally_before_update BEFORE UPDATE ON applications
    FOR EACH ROW WHEN ((OLD.status, OLD.student_level, OLD.student_gender, OLD.student_departement_code, OLD.submitted_at) IS DISTINCT FROM (NEW.status, NEW.student_level, NEW.student_gender, NEW.student_departement_code, NEW.submitted_at)) EXECUTE FUNCTION tally_statistics();
CREATE TRIGGER applications_tally_after_update AFTER UPDATE ON applications
    FOR EACH ROW WHEN ((OLD.status, OLD.student_level, OLD.student_gender, OLD.student_departement_code, OLD.submitted_at) IS DISTINCT FROM (NEW.status, NEW.student_level, NEW.student_gender, NEW.student_departement_code, NEW.submitted_at)) EXECUTE FUNCTION tally_statistics();
CREATE TRIGGER applications_tally_delete BEFORE DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION tally_statistics();

CREATE TRIGGER offers_tally_insert AFTER INSERT ON offers
    FOR EACH ROW EXECUTE FUNCTION tally_statistics();
CREATE TRIGGER offers_tally_before_update BEFORE UPDATE ON offers
    FOR EACH ROW WHEN ((OLD.status, OLD.capacity, OLD.seats_taken, OLD.job_id, OLD.ministry_id, OLD.departement_code) IS DISTINCT FROM (NEW.status, NEW.capacity, NEW.seats_taken, NEW.job_id, NEW.ministry_id, NEW.departement_code)) EXECUTE FUNCTION tally_statistics();
CREATE TRIGGER offers_tally_after_update AFTER UPDATE ON offers
    FOR EACH ROW WHEN ((OLD.status, OLD.capacity, OLD.seats_taken, OLD.job_id, OLD.ministry_id, OLD.departement_code) IS DISTINCT FROM (NEW.status, NEW.capacity, NEW.seats_taken, NEW.job_id, NEW.ministry_id, NEW.departement_code)) EXECUTE FUNCTION tally_statistics();
CREATE TRIGGER offers_tally_delete BEFORE DELETE ON offers
    FOR EACH ROW EXECUTE FUNCTION tally_statistics();

CREATE TRIGGER pairs_tally_insert AFTER INSERT ON pairs
    FOR EACH ROW EXECUTE FUNCTION tally_statistics();
CREATE TRIGGER pairs_tally_before_update BEFORE UPDATE ON pairs
    FOR EACH ROW WHEN ((OLD.published_at, OLD.student_confirmed_at, OLD.ambassador_confirmed_at, OLD.attendance, OLD.wish_rank) IS DISTINCT FROM (NEW.published_at, NEW.student_confirmed_at, NEW.ambassador_confirmed_at, NEW.attendance, NEW.wish_rank)) EXECUTE FUNCTION tally_statistics();
CREATE TRIGGER pairs_tally_after_update AFTER UPDATE ON pairs
    FOR EACH ROW WHEN ((OLD.published_at, OLD.student_confirmed_at, OLD.ambassador_confirmed_at, OLD.attendance, OLD.wish_rank) IS DISTINCT FROM (NEW.published_at, NEW.student_confirmed_at, NEW.ambassador_confirmed_at, NEW.attendance, NEW.wish_rank)) EXECUTE FUNCTION tally_statistics();
CREATE TRIGGER pairs_tally_delete BEFORE DELETE ON pairs
    FOR EACH ROW EXECUTE FUNCTION tally_statistics();

CREATE TRIGGER coaching_bookings_tally_insert AFTER INSERT ON coaching_bookings
    FOR EACH ROW EXECUTE FUNCTION tally_statistics();
CREATE TRIGGER coaching_bookings_tally_before_update BEFORE UPDATE ON coaching_bookings
    FOR EACH ROW WHEN ((OLD.attended) IS DISTINCT FROM (NEW.attended)) EXECUTE FUNCTION tally_statistics();
CREATE TRIGGER coaching_bookings_tally_after_update AFTER UPDATE ON coaching_bookings
    FOR EACH ROW WHEN ((OLD.attended) IS DISTINCT FROM (NEW.attended)) EXECUTE FUNCTION tally_statistics();
CREATE TRIGGER coaching_bookings_tally_delete BEFORE DELETE ON coaching_bookings
    FOR EACH ROW EXECUTE FUNCTION tally_statistics();
