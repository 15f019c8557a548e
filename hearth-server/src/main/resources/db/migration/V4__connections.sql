-- Inference servers that run elsewhere (an HF Inference Endpoint, a TGI, TEI or OpenAI-compatible server), registered
-- by pasting their credential. api_key holds the key sealed by SecretBox (enc:v1:...), never the key itself; key_hint
-- is what answers show instead (first 3 and last 4 characters of a long key). kind is null while an undetected
-- server is still waking. state is ready, waking, unreachable or unauthorized, as of checked_at.
CREATE TABLE connections (
    namespace        TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    kind             TEXT,
    kind_given       INTEGER NOT NULL DEFAULT 0,
    endpoint         TEXT    NOT NULL,
    model_name       TEXT    NOT NULL,
    context_window   INTEGER,
    api_key          TEXT,
    key_hint         TEXT,
    task             TEXT,
    served_model     TEXT,
    max_total_tokens INTEGER,
    state            TEXT    NOT NULL,
    last_error       TEXT,
    checked_at       TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    created_by       TEXT    NOT NULL,
    PRIMARY KEY (namespace, name)
);
