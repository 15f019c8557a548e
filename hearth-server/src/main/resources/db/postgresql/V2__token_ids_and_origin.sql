-- PostgreSQL twin of db/migration/V2.
ALTER TABLE tokens ADD COLUMN id TEXT COLLATE "C";
ALTER TABLE tokens ADD COLUMN from_env INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tokens ADD COLUMN last_used_at TEXT;
UPDATE tokens SET id = substr(md5(random()::text || hash), 1, 12) WHERE id IS NULL;
UPDATE tokens SET from_env = 1 WHERE label = 'HEARTH_ADMIN_TOKEN';
CREATE UNIQUE INDEX tokens_by_id ON tokens (id);
