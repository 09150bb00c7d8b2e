-- Indexes for the catalogue's usual filter combinations (job and région together,
-- département alone); see bench/catalogue.sh.
CREATE INDEX offers_job_region ON offers (edition_id, status, job_id, region_code);
CREATE INDEX offers_departement ON offers (edition_id, status, departement_code);
