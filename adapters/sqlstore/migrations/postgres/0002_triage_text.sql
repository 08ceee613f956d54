-- What the customer wrote so far, their time zone and the highest severity
-- already posted: a conversation is re-triaged on every new part and a note
-- is posted only when severity rises.
ALTER TABLE triage_results ADD COLUMN conversation_text TEXT NOT NULL DEFAULT '';
ALTER TABLE triage_results ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
ALTER TABLE triage_results ADD COLUMN posted_severity TEXT NOT NULL DEFAULT '';
