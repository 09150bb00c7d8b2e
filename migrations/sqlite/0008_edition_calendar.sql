-- An edition's states follow its calendar (préparation → candidatures ouvertes →
-- candidatures closes → binômes annoncés → terminée → archivée); it gains the
-- ambassadors' window and the levels it accepts. The table is rebuilt to change its
-- CHECK (see 0007), the old states mapped onto the new ones.
CREATE TABLE editions_new (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('journee_immersion', 'stage_seconde', 'appel_projets')),
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('preparation', 'candidatures_ouvertes', 'candidatures_closes',
                                          'binomes_annonces', 'terminee', 'archivee')),
    ambassadors_open_on TEXT NOT NULL,
    ambassadors_close_on TEXT NOT NULL,
    applications_open_on TEXT NOT NULL,
    applications_close_on TEXT NOT NULL,
    pairing_on TEXT NOT NULL,
    announcement_on TEXT NOT NULL,
    immersion_on TEXT NOT NULL,
    max_wishes INTEGER NOT NULL DEFAULT 5 CHECK (max_wishes BETWEEN 1 AND 20),
    levels_mask INTEGER NOT NULL DEFAULT 15 CHECK (levels_mask BETWEEN 1 AND 15),
    pairing_weights TEXT NOT NULL DEFAULT '{}',
    personal_data_retention_days INTEGER NOT NULL DEFAULT 365 CHECK (personal_data_retention_days >= 0),
    created_at INTEGER NOT NULL,
    CHECK (ambassadors_open_on <= ambassadors_close_on),
    CHECK (ambassadors_close_on <= pairing_on),
    CHECK (applications_open_on <= applications_close_on),
    CHECK (applications_close_on <= pairing_on),
    CHECK (pairing_on <= announcement_on),
    CHECK (announcement_on <= immersion_on)
);
INSERT INTO editions_new (id, kind, slug, name, status, ambassadors_open_on, ambassadors_close_on,
        applications_open_on, applications_close_on, pairing_on, announcement_on, immersion_on,
        max_wishes, levels_mask, pairing_weights, personal_data_retention_days, created_at)
SELECT id, kind, slug, name,
       CASE status
           WHEN 'brouillon' THEN 'preparation'
           WHEN 'ouverte' THEN 'candidatures_ouvertes'
           WHEN 'fermee' THEN CASE WHEN EXISTS (SELECT 1 FROM pairs p WHERE p.edition_id = editions.id
                                                AND p.published_at IS NOT NULL)
                                   THEN 'binomes_annonces' ELSE 'candidatures_closes' END
           ELSE 'archivee'
       END,
       applications_open_on, applications_close_on, applications_open_on, applications_close_on,
       pairing_on, announcement_on, immersion_on, max_wishes, 15, pairing_weights,
       personal_data_retention_days, created_at
FROM editions;
DROP TABLE editions;
ALTER TABLE editions_new RENAME TO editions;
-- Editions with announced pairs (from before the announcement changed the state).
UPDATE editions SET status = 'binomes_annonces'
WHERE status IN ('candidatures_ouvertes', 'candidatures_closes')
  AND EXISTS (SELECT 1 FROM pairs p WHERE p.edition_id = editions.id AND p.published_at IS NOT NULL);
