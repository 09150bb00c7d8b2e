-- A run's latest progress and the last sign of life of the server computing it: every
-- server shows the progress, and a run whose server stopped is recognised as abandoned.
ALTER TABLE matching_runs ADD COLUMN progress_step TEXT;
ALTER TABLE matching_runs ADD COLUMN progress_percent BIGINT;
ALTER TABLE matching_runs ADD COLUMN heartbeat_at BIGINT;
