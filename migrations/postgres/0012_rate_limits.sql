-- Attempt counters shared by every server process (sign-in, sign-up, reset…): one row
-- per action, subject (an address block, or an e-mail address's digest) and window.
CREATE TABLE rate_limit_counts (
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    -- Whether the first refusal of the window was written to the audit log.
    reported BIGINT NOT NULL DEFAULT 0 CHECK (reported IN (0, 1)),
    PRIMARY KEY (action, subject, window_start)
);
CREATE INDEX rate_limit_counts_window ON rate_limit_counts (window_start);
