-- An ambassador can withdraw an offer ('retiree').
ALTER TABLE offers DROP CONSTRAINT offers_status_check;
ALTER TABLE offers ADD CONSTRAINT offers_status_check
    CHECK (status IN ('brouillon', 'soumise', 'publiee', 'refusee', 'retiree'));
