-- Projects, their log sources, desk bindings, install states, triage results
-- and analyses. Times are unix microseconds (UTC). Secrets are sealed by the
-- hub (secretbox) before they are written: *_sealed columns never hold
-- plaintext. Ids use the "C" collation: they page in byte order, as in SQLite.

CREATE TABLE projects (
	id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
	name       TEXT   NOT NULL,
	slug       TEXT   NOT NULL,
	services   TEXT   NOT NULL, -- JSON
	context    TEXT   NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	CONSTRAINT projects_slug_key UNIQUE (slug)
);

CREATE TABLE log_sources (
	id                 TEXT COLLATE "C" NOT NULL PRIMARY KEY,
	project_id         TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	name               TEXT    NOT NULL,
	type               TEXT    NOT NULL,
	config             TEXT    NOT NULL, -- JSON, without secrets
	credentials_sealed BYTEA,
	active             BOOLEAN NOT NULL,
	created_at         BIGINT  NOT NULL,
	updated_at         BIGINT  NOT NULL
);
CREATE INDEX log_sources_project ON log_sources (project_id, id);

CREATE TABLE bindings (
	id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
	project_id      TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	platform        TEXT   NOT NULL,
	status          TEXT   NOT NULL,
	workspace_id    TEXT   NOT NULL,
	config          TEXT   NOT NULL, -- JSON
	desk            TEXT   NOT NULL, -- JSON
	token_sealed    BYTEA,
	status_reason   TEXT   NOT NULL,
	last_webhook_at BIGINT,
	last_posted_at  BIGINT,
	last_error      TEXT   NOT NULL DEFAULT '',
	last_error_at   BIGINT,
	created_at      BIGINT NOT NULL,
	updated_at      BIGINT NOT NULL
);
CREATE INDEX bindings_project ON bindings (project_id, id);
-- One workspace's webhooks reach exactly one project.
CREATE UNIQUE INDEX bindings_connected_workspace ON bindings (platform, workspace_id)
	WHERE status IN ('active', 'needs_reinstall');

CREATE TABLE install_states (
	state_hash TEXT   NOT NULL PRIMARY KEY,
	binding_id TEXT COLLATE "C" NOT NULL REFERENCES bindings (id) ON DELETE CASCADE,
	expires_at BIGINT NOT NULL
);
CREATE INDEX install_states_binding ON install_states (binding_id);
CREATE INDEX install_states_expires ON install_states (expires_at);

CREATE TABLE triage_results (
	id               TEXT COLLATE "C" NOT NULL PRIMARY KEY,
	binding_id       TEXT COLLATE "C" NOT NULL REFERENCES bindings (id) ON DELETE CASCADE,
	project_id       TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	conversation_id  TEXT             NOT NULL,
	severity         TEXT             NOT NULL,
	confidence       DOUBLE PRECISION NOT NULL,
	affected_service TEXT,
	window_start     BIGINT           NOT NULL,
	window_end       BIGINT           NOT NULL,
	evidence         TEXT             NOT NULL, -- JSON
	created_at       BIGINT           NOT NULL,
	updated_at       BIGINT           NOT NULL,
	CONSTRAINT triage_results_conversation_key UNIQUE (binding_id, conversation_id)
);
CREATE INDEX triage_results_project ON triage_results (project_id);

CREATE TABLE analyses (
	id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
	project_id      TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	binding_id      TEXT COLLATE "C" NOT NULL, -- '' for analyses started from the CLI
	conversation_id TEXT   NOT NULL,
	status          TEXT   NOT NULL,
	severity        TEXT,            -- the result's, NULL until there is one
	trigger_kind    TEXT   NOT NULL,
	data            TEXT   NOT NULL, -- the whole analysis, JSON
	created_at      BIGINT NOT NULL,
	started_at      BIGINT,
	completed_at    BIGINT
);
CREATE INDEX analyses_project ON analyses (project_id, id);
CREATE INDEX analyses_binding ON analyses (binding_id, conversation_id, id);
CREATE INDEX analyses_status ON analyses (status, id);
CREATE INDEX analyses_severity ON analyses (severity, id);
