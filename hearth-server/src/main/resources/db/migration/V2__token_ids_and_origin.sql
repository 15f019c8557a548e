-- Tokens get a short random id (12 hex characters, not derived from the hash) to be listed and revoked by; a mark
-- for those registered from HEARTH_ADMIN_TOKEN, which a start retires when the variable changes; and when each was
-- last used, to the minute.
ALTER TABLE tokens ADD COLUMN id TEXT;
ALTER TABLE tokens ADD COLUMN from_env INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN last_used_at TEXT;
UPDATE tokens SET id = lower(hex(randomblob(6))) WHERE id IS NULL;
-- Before V2 an environment token was marked only by its label.
UPDATE tokens SET from_env = 1 WHERE label = 'HEARTH_ADMIN_TOKEN';
CREATE UNIQUE INDEX tokens_by_id ON tokens (id);
