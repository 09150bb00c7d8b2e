-- The programme's calendar e-mails (server/src/scheduler.rs). A reminder, a feedback
-- request or a coaching reminder is queued once: the row records when, in the same
-- transaction as the message (whose idempotency key also makes a second queuing a
-- no-op). The reminder carries its .ics invitation into the outbox.
ALTER TABLE notification_outbox ADD COLUMN invitation TEXT;
ALTER TABLE pairs ADD COLUMN reminder_queued_at BIGINT;
ALTER TABLE pairs ADD COLUMN feedback_request_queued_at BIGINT;
ALTER TABLE offers ADD COLUMN coaching_reminder_queued_at BIGINT;
