-- AI interactions of one user: a prompt sent to a model, its response, the tokens and the cost.
-- Why the shape:
-- - cost is numeric(12,6), never a float: money summed over thousands of calls must add up to
--   the cent (and to the micro-unit a per-token price gives), and it travels through the API as
--   a decimal string. Each row names its currency (ISO 4217), and totals are per currency: the
--   database never adds dollars to euros.
-- - created_at is when the interaction happened (an import gives the provider's time); the usage
--   totals over a window read one covering index (user_id, created_at) with an index-only scan,
--   so a heavy user's month is summed without visiting the table.
-- migrate:up

CREATE TABLE ai_interactions (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    -- The conversation (thread, chat) the interaction belongs to, as the client or provider names
    -- it; NULL for a one-off call.
    conversation_id text,
    model text NOT NULL,
    prompt text NOT NULL,
    -- NULL when the call produced none (an error, a cancelled stream).
    response text,
    tokens_in bigint NOT NULL DEFAULT 0,
    tokens_out bigint NOT NULL DEFAULT 0,
    cost numeric(12, 6) NOT NULL DEFAULT 0,
    currency text NOT NULL DEFAULT 'USD',
    latency_ms bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT ai_interactions_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT ai_interactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    -- NO ACTION like media's: the trigger ai_interactions_clear_integration below clears the
    -- reference before an integration row is deleted.
    CONSTRAINT ai_interactions_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
        REFERENCES integrations (user_id, id),
    CONSTRAINT ai_interactions_conversation_id_length CHECK (
        char_length(conversation_id) BETWEEN 1 AND 500
    ),
    CONSTRAINT ai_interactions_model_length CHECK (char_length(model) BETWEEN 1 AND 200),
    CONSTRAINT ai_interactions_prompt_length CHECK (char_length(prompt) <= 1000000),
    CONSTRAINT ai_interactions_response_length CHECK (char_length(response) <= 1000000),
    CONSTRAINT ai_interactions_tokens_nonnegative CHECK (tokens_in >= 0 AND tokens_out >= 0),
    CONSTRAINT ai_interactions_cost_nonnegative CHECK (cost >= 0),
    -- ISO 4217 alphabetic code: three capital letters (USD, EUR, JPY).
    CONSTRAINT ai_interactions_currency_iso4217 CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT ai_interactions_latency_nonnegative CHECK (latency_ms >= 0),
    CONSTRAINT ai_interactions_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT ai_interactions_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER ai_interactions_set_updated_at
BEFORE UPDATE ON ai_interactions
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Every live interaction of one user, newest first (keyset), and the usage totals of a window:
-- the INCLUDE columns are all the totals read, so they come from an index-only scan.
CREATE INDEX ai_interactions_live_user_created_idx
ON ai_interactions (user_id, created_at, id)
INCLUDE (model, currency, tokens_in, tokens_out, cost)
WHERE deleted_at IS NULL;

-- The interactions of one conversation, newest first (keyset).
CREATE INDEX ai_interactions_live_conversation_idx
ON ai_interactions (user_id, conversation_id, created_at, id)
WHERE deleted_at IS NULL AND conversation_id IS NOT NULL;

-- The interactions with one model, newest first (keyset).
CREATE INDEX ai_interactions_live_model_idx
ON ai_interactions (user_id, model, created_at, id)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted interactions of one user, most recently deleted first.
CREATE INDEX ai_interactions_trash_user_deleted_idx
ON ai_interactions (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: rows soft-deleted before the retention cut-off, across all users.
CREATE INDEX ai_interactions_purge_deleted_idx
ON ai_interactions (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per interaction of an external service (see 0008).
CREATE UNIQUE INDEX ai_interactions_live_source_key
ON ai_interactions (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Supports the integration foreign key (its check, and the trigger that clears it).
CREATE INDEX ai_interactions_user_source_integration_idx
ON ai_interactions (user_id, source_integration_id)
WHERE source_integration_id IS NOT NULL;

-- Before an integration row is deleted, the interactions imported through it stop naming it.
-- A trigger of its own, as chat_messages has (see 0012).
CREATE FUNCTION ai_interactions_clear_integration() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ai_interactions
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER integrations_clear_ai_interactions
BEFORE DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION ai_interactions_clear_integration();

-- migrate:down
DROP TRIGGER integrations_clear_ai_interactions ON integrations;
DROP FUNCTION ai_interactions_clear_integration();
DROP TABLE ai_interactions;
