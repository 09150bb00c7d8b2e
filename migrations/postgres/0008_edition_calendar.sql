-- An edition's states follow its calendar (préparation → candidatures ouvertes →
-- candidatures closes → binômes annoncés → terminée → archivée); it gains the
-- ambassadors' window and the levels it accepts. The old states are mapped onto the
-- new ones.
ALTER TABLE editions DROP CONSTRAINT editions_status_check;
ALTER TABLE editions ADD COLUMN ambassadors_open_on TEXT;
ALTER TABLE editions ADD COLUMN ambassadors_close_on TEXT;
ALTER TABLE editions ADD COLUMN levels_mask INTEGER NOT NULL DEFAULT 15 CHECK (levels_mask BETWEEN 1 AND 15);
UPDATE editions SET
    ambassadors_open_on = applications_open_on,
    ambassadors_close_on = applications_close_on,
    status = CASE
        WHEN EXISTS (SELECT 1 FROM pairs p WHERE p.edition_id = editions.id AND p.published_at IS NOT NULL)
             AND status <> 'archivee' THEN 'binomes_annonces'
        WHEN status = 'brouillon' THEN 'preparation'
        WHEN status = 'ouverte' THEN 'candidatures_ouvertes'
        WHEN status = 'fermee' THEN 'candidatures_closes'
        ELSE 'archivee'
    END;
ALTER TABLE editions ALTER COLUMN ambassadors_open_on SET NOT NULL;
ALTER TABLE editions ALTER COLUMN ambassadors_close_on SET NOT NULL;
ALTER TABLE editions ADD CONSTRAINT editions_status_check
    CHECK (status IN ('preparation', 'candidatures_ouvertes', 'candidatures_closes',
                      'binomes_annonces', 'terminee', 'archivee'));
ALTER TABLE editions ADD CONSTRAINT editions_ambassadors_window_check
    CHECK (ambassadors_open_on <= ambassadors_close_on AND ambassadors_close_on <= pairing_on);
