-- Every endpoint incarnation (a create; a delete and a re-create of the same name is a new one) gets its own id, and
-- every replica carries the id of the incarnation it was launched for: replicas of a deleted endpoint are never taken
-- for its namesake's, whose spec versions start again at 1.
ALTER TABLE endpoints ADD COLUMN incarnation TEXT NOT NULL DEFAULT '';
UPDATE endpoints SET incarnation = lower(hex(randomblob(8))) WHERE incarnation = '';

-- Existing replicas belong to the endpoint of their name as it is now, so an upgrade keeps adopting them. A replica
-- whose endpoint is gone gets no incarnation: nothing adopts it as current.
ALTER TABLE replicas ADD COLUMN incarnation TEXT NOT NULL DEFAULT '';
UPDATE replicas SET incarnation = COALESCE((SELECT e.incarnation FROM endpoints e
                                            WHERE e.namespace = replicas.namespace AND e.name = replicas.name), '');

-- Bumped by every write of an endpoint row: the API's read-modify-writes compare and set it, so that no change
-- (of this server's API, another instance's, or the reconciler's) is overwritten by a write based on an older read.
ALTER TABLE endpoints ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
