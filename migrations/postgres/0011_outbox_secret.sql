-- A message's personal link (e-mail confirmation, password reset) waits apart from its
-- text and is erased once the message has left; the text holds a placeholder.
ALTER TABLE notification_outbox ADD COLUMN secret TEXT;
-- Links already sent no longer stay in any text.
UPDATE notification_outbox
SET body_text = '(texte effacé après l''envoi : il contenait un lien personnel)'
WHERE kind IN ('verification', 'reinitialisation') AND status <> 'en_attente';
