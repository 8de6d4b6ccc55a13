-- Access tokens end with their session, and a session has an absolute age limit (issue 11,
-- finding 6).
-- Why the shape:
-- - An access token is verified without the database (its signature, and a per-process memory
--   of tokens seen). It names its session: the refresh-token family its login started (claim
--   `sid`). Each service process keeps the set of sessions ended recently in memory, loaded from
--   revoked_sessions at start-up and kept current by the NOTIFY each insert here sends.
-- - The rows are written by triggers on refresh_tokens, not by the service: whatever ends a
--   session (logout, logout-all, a password change, reuse detection, an erasure deleting the
--   account's rows) revokes its access tokens too, and the row and its notification commit in
--   the ending transaction or not at all. A process cannot miss a revocation that happened: it
--   LISTENs before it loads, and reloads after a lost connection.
-- - No user_id: a session id is random and names nobody once the account's sessions are gone,
--   so an erased account leaves nothing here that points at it. The key is the session id
--   alone (sharded, this is a small reference table every node holds).
-- - A row matters while an access token of that session can be unexpired: for the access-token
--   lifetime after revoked_at (at most a day, HYPERNET_ACCESS_TOKEN_TTL's bound). Start-up loads
--   the rows younger than that; `hypernet db purge` deletes older ones.
-- - refresh_tokens.session_started_at: when the login that began the family happened, carried
--   through every rotation, so a refresh never extends a session past HYPERNET_REFRESH_MAX_AGE.
-- squawk-ignore-file constraint-missing-not-valid, adding-not-nullable-field, ban-drop-constraint -- refresh_tokens holds only unexpired sessions (thousands of narrow rows, purged daily): scanning it under the lock takes milliseconds; the reason check dropped is replaced in the same transaction by one accepting a superset
-- migrate:up

CREATE TABLE revoked_sessions (
    session_id uuid NOT NULL,
    revoked_at timestamptz NOT NULL DEFAULT now(),
    reason text NOT NULL,
    CONSTRAINT revoked_sessions_pkey PRIMARY KEY (session_id),
    CONSTRAINT revoked_sessions_reason_known CHECK (
        reason IN ('logout', 'logout_all', 'password_change', 'reuse', 'account_deleted')
    )
);

-- Start-up loads the recent rows; the purge deletes the old ones.
CREATE INDEX revoked_sessions_revoked_at_idx
ON revoked_sessions (revoked_at);

-- Every process listens on this channel; the payload is the session id.
CREATE FUNCTION revoked_sessions_notify()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('hypernet_revoked_sessions', NEW.session_id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER revoked_sessions_notify
AFTER INSERT ON revoked_sessions
FOR EACH ROW
EXECUTE FUNCTION revoked_sessions_notify();

-- A session ends when its current token is revoked (every revoke_* query does that), or when a
-- live current token is deleted (the account's rows erased). Rotated tokens are not current;
-- an expired one has no unexpired access token left but for the last minutes of its last
-- access token, which an erasure's explicit revoke (RefreshTokenMapper.revoke_all) covers.
CREATE FUNCTION refresh_tokens_revoke_session()
RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO revoked_sessions (session_id, reason)
        VALUES (NEW.family_id, NEW.revoke_reason)
        ON CONFLICT (session_id) DO NOTHING;
    ELSE
        INSERT INTO revoked_sessions (session_id, reason)
        VALUES (OLD.family_id, 'account_deleted')
        ON CONFLICT (session_id) DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER refresh_tokens_revoke_session_on_revoke
AFTER UPDATE OF revoked_at ON refresh_tokens
FOR EACH ROW
WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
EXECUTE FUNCTION refresh_tokens_revoke_session();

CREATE TRIGGER refresh_tokens_revoke_session_on_delete
AFTER DELETE ON refresh_tokens
FOR EACH ROW
WHEN (OLD.rotated_at IS NULL AND OLD.revoked_at IS NULL AND OLD.expires_at > now())
EXECUTE FUNCTION refresh_tokens_revoke_session();

ALTER TABLE refresh_tokens
DROP CONSTRAINT refresh_tokens_revoke_reason_known;

ALTER TABLE refresh_tokens
ADD CONSTRAINT refresh_tokens_revoke_reason_known CHECK (
    revoke_reason IN ('logout', 'logout_all', 'password_change', 'reuse', 'account_deleted')
);

-- Existing sessions: the earliest token still kept of each family. Tokens are kept until they
-- expire, so for a family older than the token lifetime this is later than its real login,
-- which only gives such a session a little more time, once.
ALTER TABLE refresh_tokens
ADD COLUMN session_started_at timestamptz;

UPDATE refresh_tokens AS t
SET session_started_at = f.started
FROM (
    SELECT user_id, family_id, min(created_at) AS started
    FROM refresh_tokens
    GROUP BY user_id, family_id
) AS f
WHERE t.user_id = f.user_id
    AND t.family_id = f.family_id;

ALTER TABLE refresh_tokens
ALTER COLUMN session_started_at SET DEFAULT now();

ALTER TABLE refresh_tokens
ALTER COLUMN session_started_at SET NOT NULL;

ALTER TABLE refresh_tokens
ADD CONSTRAINT refresh_tokens_session_started_first CHECK (session_started_at <= created_at);

-- migrate:down
ALTER TABLE refresh_tokens
DROP CONSTRAINT refresh_tokens_session_started_first;

ALTER TABLE refresh_tokens
DROP COLUMN session_started_at;

DROP TRIGGER refresh_tokens_revoke_session_on_delete ON refresh_tokens;
DROP TRIGGER refresh_tokens_revoke_session_on_revoke ON refresh_tokens;
DROP FUNCTION refresh_tokens_revoke_session();

-- The old rule knows no erasure; such a session counts as logged out everywhere.
ALTER TABLE refresh_tokens
DROP CONSTRAINT refresh_tokens_revoke_reason_known;

UPDATE refresh_tokens
SET revoke_reason = 'logout_all'
WHERE revoke_reason = 'account_deleted';

ALTER TABLE refresh_tokens
ADD CONSTRAINT refresh_tokens_revoke_reason_known CHECK (
    revoke_reason IN ('logout', 'logout_all', 'password_change', 'reuse')
);

DROP TABLE revoked_sessions;
DROP FUNCTION revoked_sessions_notify();
