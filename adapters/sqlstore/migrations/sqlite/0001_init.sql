-- Projects, their log sources, desk bindings, install states, triage results
-- and analyses. Times are unix microseconds (UTC). Secrets are sealed by the
-- hub (secretbox) before they are written: *_sealed columns never hold
-- plaintext.

CREATE TABLE projects (
	id         TEXT    NOT NULL PRIMARY KEY,
	name       TEXT    NOT NULL,
	slug       TEXT    NOT NULL,
	services   TEXT    NOT NULL, -- JSON
	context    TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CONSTRAINT projects_slug_key UNIQUE (slug)
) STRICT;

CREATE TABLE log_sources (
	id                 TEXT    NOT NULL PRIMARY KEY,
	project_id         TEXT    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	name               TEXT    NOT NULL,
	type               TEXT    NOT NULL,
	config             TEXT    NOT NULL, -- JSON, without secrets
	credentials_sealed BLOB,
	active             INTEGER NOT NULL,
	created_at         INTEGER NOT NULL,
	updated_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX log_sources_project ON log_sources (project_id, id);

CREATE TABLE bindings (
	id              TEXT    NOT NULL PRIMARY KEY,
	project_id      TEXT    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	platform        TEXT    NOT NULL,
	status          TEXT    NOT NULL,
	workspace_id    TEXT    NOT NULL,
	config          TEXT    NOT NULL, -- JSON
	desk            TEXT    NOT NULL, -- JSON
	token_sealed    BLOB,
	status_reason   TEXT    NOT NULL,
	last_webhook_at INTEGER,
	last_posted_at  INTEGER,
	last_error      TEXT    NOT NULL DEFAULT '',
	last_error_at   INTEGER,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX bindings_project ON bindings (project_id, id);
-- One workspace's webhooks reach exactly one project.
CREATE UNIQUE INDEX bindings_connected_workspace ON bindings (platform, workspace_id)
	WHERE status IN ('active', 'needs_reinstall');

CREATE TABLE install_states (
	state_hash TEXT    NOT NULL PRIMARY KEY,
	binding_id TEXT    NOT NULL REFERENCES bindings (id) ON DELETE CASCADE,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX install_states_binding ON install_states (binding_id);
CREATE INDEX install_states_expires ON install_states (expires_at);

CREATE TABLE triage_results (
	id               TEXT    NOT NULL PRIMARY KEY,
	binding_id       TEXT    NOT NULL REFERENCES bindings (id) ON DELETE CASCADE,
	project_id       TEXT    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	conversation_id  TEXT    NOT NULL,
	severity         TEXT    NOT NULL,
	confidence       REAL    NOT NULL,
	affected_service TEXT,
	window_start     INTEGER NOT NULL,
	window_end       INTEGER NOT NULL,
	evidence         TEXT    NOT NULL, -- JSON
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL,
	CONSTRAINT triage_results_conversation_key UNIQUE (binding_id, conversation_id)
) STRICT;
CREATE INDEX triage_results_project ON triage_results (project_id);

CREATE TABLE analyses (
	id              TEXT    NOT NULL PRIMARY KEY,
	project_id      TEXT    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	binding_id      TEXT    NOT NULL, -- '' for analyses started from the CLI
	conversation_id TEXT    NOT NULL,
	status          TEXT    NOT NULL,
	severity        TEXT,             -- the result's, NULL until there is one
	trigger_kind    TEXT    NOT NULL,
	data            TEXT    NOT NULL, -- the whole analysis, JSON
	created_at      INTEGER NOT NULL,
	started_at      INTEGER,
	completed_at    INTEGER
) STRICT;
CREATE INDEX analyses_project ON analyses (project_id, id);
CREATE INDEX analyses_binding ON analyses (binding_id, conversation_id, id);
CREATE INDEX analyses_status ON analyses (status, id);
CREATE INDEX analyses_severity ON analyses (severity, id);
