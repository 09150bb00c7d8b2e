-- What the pairing workspace shows of a run (report, counts for the charts), kept beside
-- the full result so that listing runs does not read every pair of every run.
ALTER TABLE matching_runs ADD COLUMN digest TEXT;
