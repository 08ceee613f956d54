-- The embedded job queue: jobs, their de-duplication markers, dead letters
-- and the effect log. Times are unix microseconds (UTC).

CREATE TABLE queue_jobs (
	id          TEXT    NOT NULL PRIMARY KEY,
	kind        TEXT    NOT NULL,
	payload     BLOB    NOT NULL,
	attempts    INTEGER NOT NULL, -- deliveries so far
	last_error  TEXT    NOT NULL,
	enqueued_at INTEGER NOT NULL,
	-- When the job can next be leased: when it was queued, its retry time,
	-- or, while it is leased, when the lease runs out. Folding the lease
	-- expiry in here lets one index find new, retried and abandoned jobs.
	run_at      INTEGER NOT NULL,
	lease_token TEXT,             -- the current delivery; NULL when not leased
	leased_by   TEXT              -- the consumer holding it, for people
) STRICT;
CREATE INDEX queue_jobs_due ON queue_jobs (run_at, id);

CREATE TABLE queue_dedupe (
	key        TEXT    NOT NULL PRIMARY KEY,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX queue_dedupe_expiry ON queue_dedupe (expires_at);

CREATE TABLE queue_dead (
	id          TEXT    NOT NULL PRIMARY KEY,
	kind        TEXT    NOT NULL,
	payload     BLOB    NOT NULL,
	attempts    INTEGER NOT NULL,
	last_error  TEXT    NOT NULL,
	enqueued_at INTEGER NOT NULL,
	reason      TEXT    NOT NULL,
	died_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX queue_dead_newest ON queue_dead (died_at, id);

CREATE TABLE queue_effects (
	key         TEXT    NOT NULL,
	stage       TEXT    NOT NULL,
	result      TEXT    NOT NULL,
	recorded_at INTEGER NOT NULL,
	PRIMARY KEY (key, stage)
) STRICT;
CREATE INDEX queue_effects_age ON queue_effects (recorded_at);
