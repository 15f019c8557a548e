-- PostgreSQL twin of db/migration/V5.
ALTER TABLE connections ADD COLUMN prompt_builder TEXT;
