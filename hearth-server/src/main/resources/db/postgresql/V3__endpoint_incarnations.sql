-- PostgreSQL twin of db/migration/V3.
ALTER TABLE endpoints ADD COLUMN incarnation TEXT NOT NULL DEFAULT '';
UPDATE endpoints SET incarnation = substr(md5(random()::text || namespace || name), 1, 16) WHERE incarnation = '';

ALTER TABLE replicas ADD COLUMN incarnation TEXT NOT NULL DEFAULT '';
UPDATE replicas SET incarnation = COALESCE((SELECT e.incarnation FROM endpoints e
                                            WHERE e.namespace = replicas.namespace AND e.name = replicas.name), '');

ALTER TABLE endpoints ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
