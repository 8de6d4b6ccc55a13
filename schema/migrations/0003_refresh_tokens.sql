-- Sessions: rotating refresh tokens, stored only as hashes, with reuse detection.
-- Why the shape:
-- - A session is a token *family*: login starts one, every refresh rotates its current token
--   into a new one of the same family. A rotated token presented again means a copy of it is in
--   someone else's hands, and the whole family is revoked.
-- - The opaque token the client holds is `<user id>.<256 random bits>` (base64url). The server
--   keeps only SHA-256 of it: a leaked table or dump holds nothing a client could present, and a
--   fast hash is right for a high-entropy secret (bcrypt is for guessable passwords). Carrying
--   the user id lets every lookup filter on user_id, so the unique key on the hash can include
--   the shard key (Citus refuses a unique index that does not) and every query routes to one
--   shard.
-- - Rows are kept, rotated or revoked, until they expire: a rotated token can only be recognised
--   as reused while its row exists. The purge job deletes expired rows in batches.
-- migrate:up

CREATE TABLE refresh_tokens (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    family_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    rotated_at timestamptz,
    -- The token this one was rotated into. A record of the chain for forensics, deliberately not
    -- a foreign key: the purge deletes by expiry alone and must never be ordered by the chain.
    replaced_by uuid,
    revoked_at timestamptz,
    revoke_reason text,
    user_agent text,
    client_addr inet,
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    CONSTRAINT refresh_tokens_hash_is_sha256 CHECK (octet_length(token_hash) = 32),
    CONSTRAINT refresh_tokens_expires_after_created CHECK (expires_at > created_at),
    CONSTRAINT refresh_tokens_rotation_complete CHECK (
        (rotated_at IS NULL) = (replaced_by IS NULL)
    ),
    CONSTRAINT refresh_tokens_revocation_complete CHECK (
        (revoked_at IS NULL) = (revoke_reason IS NULL)
    ),
    CONSTRAINT refresh_tokens_revoke_reason_known CHECK (
        revoke_reason IN ('logout', 'logout_all', 'password_change', 'reuse')
    ),
    CONSTRAINT refresh_tokens_user_agent_length CHECK (char_length(user_agent) <= 500)
);

-- Refresh and logout find a token by its hash, within its user (the token carries the user id).
CREATE UNIQUE INDEX refresh_tokens_user_hash_key
ON refresh_tokens (user_id, token_hash);

-- The live sessions: the one current (neither rotated nor revoked) token of each family. Unique,
-- so PostgreSQL itself guarantees a session never forks into two usable tokens. Revoking a
-- family, one session (logout), or every session of a user (logout-all, password change) only
-- needs to end the current token: an older token of the family is rotated already, and
-- presenting it is treated as reuse.
CREATE UNIQUE INDEX refresh_tokens_live_family_key
ON refresh_tokens (user_id, family_id)
WHERE rotated_at IS NULL AND revoked_at IS NULL;

-- The purge job: expired tokens across all users, oldest first.
CREATE INDEX refresh_tokens_purge_expires_idx
ON refresh_tokens (expires_at);

-- migrate:down
DROP TABLE refresh_tokens;
