-- What an ambassador writes about themself: an optional phone number and a short
-- presentation, shown to the student they welcome and to the organisers.
ALTER TABLE ambassador_profiles ADD COLUMN phone TEXT;
ALTER TABLE ambassador_profiles ADD COLUMN presentation TEXT NOT NULL DEFAULT '';
