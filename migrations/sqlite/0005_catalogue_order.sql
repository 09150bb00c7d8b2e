-- Catalogue pages are sorted by places left, then id: with that order in the index, a
-- page reads its 20 entries instead of sorting every matching offer. These replace the
-- filter indexes of 0001 and 0002 (each was a prefix of its replacement, so counts use
-- the new ones). The ORDER BY of db/catalogue.rs must stay the indexed expression.
DROP INDEX offers_catalogue;
DROP INDEX offers_region;
DROP INDEX offers_ministry;
DROP INDEX offers_job_region;
DROP INDEX offers_departement;
CREATE INDEX offers_left_all ON offers (edition_id, status, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_left_job ON offers (edition_id, status, job_id, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_left_region ON offers (edition_id, status, region_code, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_left_job_region ON offers (edition_id, status, job_id, region_code, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_left_departement ON offers (edition_id, status, departement_code, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_left_ministry ON offers (edition_id, status, ministry_id, (capacity - seats_taken) DESC, id);
CREATE INDEX offers_left_administration ON offers (edition_id, status, administration_id, (capacity - seats_taken) DESC, id);
-- The distance search reads the offers of its bounding box, not the whole table.
CREATE INDEX offers_position ON offers (edition_id, status, lat, lon);
-- Commune look-ups (LIKE on the folded name, a prefix while typing): SQLite's LIKE
-- ignores ASCII case, so only a NOCASE index serves it.
CREATE INDEX places_search_name_nocase ON places (search_name COLLATE NOCASE);
