-- Erasing an account (DELETE /v1/me, GDPR article 17) must take its audit trail too, but the
-- audit log is append-only (0002, 0027): the service role holds no DELETE on it and a trigger
-- refuses every UPDATE and DELETE, owners' included. This opens exactly one door, and only for
-- an erasure in progress:
--
-- - account_erasures: one row per erasure that has removed the account but not yet all of its
--   audit trail. It is written in the transaction that deletes the users row, and removed by
--   the batch that deletes the last event, so a crash between the two leaves a row naming what
--   is left to finish (the only place the id survives, and only until then).
-- - erase_audit_trail_batch(user_id, batch_size): SECURITY DEFINER, so it runs as the owner
--   (who holds DELETE on audit_log) whatever role calls it; the service role may EXECUTE it,
--   nothing else. It refuses an account that still exists or has no erasure in progress, so
--   it cannot be used to rewrite the trail of a live account. It sets a transaction-local
--   setting that the trigger reads: the trigger lets through the DELETE of that one account's
--   events and still refuses everything else (any UPDATE, any other account, TRUNCATE).
--   Setting the variable by hand opens nothing for the service role: it has no DELETE
--   privilege on audit_log; only this function's owner rights do.
-- - The batch is a bounded DELETE by primary key (the partition key is part of it, so each
--   row is found in its month's index), in the caller's short transaction: a user with a
--   million events is erased in many small transactions, never one long one.
-- migrate:up

CREATE TABLE account_erasures (
    user_id uuid NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    -- The pseudonym the audit trail keeps for this erasure (the users.erased event's user_id).
    pseudonym uuid NOT NULL,
    CONSTRAINT account_erasures_pkey PRIMARY KEY (user_id)
);

CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- An erasure in progress (erase_audit_trail_batch) may delete that one account's events.
    IF TG_OP = 'DELETE' THEN
        IF OLD.user_id::text = current_setting('hypernet.erasing_user_id', true) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE FUNCTION erase_audit_trail_batch(p_user_id uuid, p_batch_size integer)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
-- A SECURITY DEFINER function must not resolve names through the caller's search_path.
SET search_path = pg_catalog, public
AS $$
DECLARE
    erased integer;
BEGIN
    IF EXISTS (SELECT 1 FROM users WHERE id = p_user_id) THEN
        RAISE EXCEPTION 'the audit trail of an existing account is kept'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM account_erasures WHERE user_id = p_user_id) THEN
        RAISE EXCEPTION 'no erasure of this account is in progress'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('hypernet.erasing_user_id', p_user_id::text, true);
    DELETE FROM audit_log
    WHERE (user_id, id, occurred_at) IN (
        SELECT
            user_id,
            id,
            occurred_at
        FROM audit_log
        WHERE user_id = p_user_id
        ORDER BY user_id, id
        LIMIT p_batch_size
    );
    GET DIAGNOSTICS erased = ROW_COUNT;
    PERFORM set_config('hypernet.erasing_user_id', '', true);
    IF erased < p_batch_size THEN
        -- The last batch: nothing of the account is left, not even its id.
        DELETE FROM account_erasures WHERE user_id = p_user_id;
    END IF;
    RETURN erased;
END;
$$;

REVOKE ALL ON FUNCTION erase_audit_trail_batch(uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_audit_trail_batch(uuid, integer) TO hypernet_app;

-- migrate:down
DROP FUNCTION erase_audit_trail_batch(uuid, integer);

CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TABLE account_erasures;
