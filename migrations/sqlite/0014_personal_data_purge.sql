-- When an edition's personal data was anonymised, its retention delay after the
-- immersion day past (`vismonjob purge`): a purged edition is not purged again.
ALTER TABLE editions ADD COLUMN personal_data_purged_at INTEGER;
