-- Money: the transactions of a user's accounts (a card payment, a salary, a transfer), each in
-- one currency, listed by date, by category or by account, and summed per currency.
-- Why the shape:
-- - amount is numeric, never a float: totals over thousands of rows must be exact to the cent.
--   The sign carries the direction (negative: money out of the account, positive: money in).
--   It is an unconstrained numeric with CHECKs, not numeric(19, 4): a typmod rounds a fifth
--   decimal away silently, where the CHECK refuses it; and the value keeps the scale the service
--   stored, the currency's minor unit (12.30 USD, 1200 JPY, 1.250 KWD), so what is read back,
--   and every sum, has the currency's own number of decimals. At most 4 decimals (CLF, UYW) and
--   15 integer digits, what numeric(19, 4) would hold; NaN and infinities fail the bound.
-- - currency is an ISO 4217 code. The database checks its shape (three capital letters); the
--   service checks it against the list of codes and the amount against the code's minor unit,
--   which a CHECK cannot know. Totals are per currency: no statement adds euros to dollars.
-- - occurred_at is when the transaction happened (the bank's booking or card time); pending says
--   it is not settled yet (its amount may still change, or it may disappear).
-- - category is free text chosen by the user or the bank's feed ("groceries"); NULL when
--   uncategorized. account_name names the account as the user knows it ("Checking").
-- - Lists are keyset walks of partial live-row indexes, newest first: by occurred_at, by
--   (category, occurred_at), by (account_name, occurred_at). The date index INCLUDEs what the
--   summary reads (currency, amount, pending, category), so a window's totals per month or per
--   category are an index-only scan of the window's range, without visiting the table.
-- squawk-ignore-file require-concurrent-index-creation -- the table is created empty in this migration; nothing is locked that anyone could be waiting on
-- migrate:up

CREATE TABLE transactions (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    account_name text NOT NULL,
    amount numeric NOT NULL,
    currency text NOT NULL,
    occurred_at timestamptz NOT NULL,
    merchant text,
    category text,
    description text,
    pending boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT transactions_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT transactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    -- NO ACTION, not SET NULL (Citus refuses SET NULL on a key with user_id): the trigger
    -- transactions_clear_integration below clears the reference before an integration is purged.
    CONSTRAINT transactions_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
        REFERENCES integrations (user_id, id),
    CONSTRAINT transactions_account_name_length CHECK (char_length(account_name) BETWEEN 1 AND 200),
    -- scale() is NULL for NaN and the infinities, whose abs() is not below the bound either.
    CONSTRAINT transactions_amount_bounded CHECK (
        scale(amount) <= 4 AND abs(amount) < 1000000000000000
    ),
    -- ISO 4217 alphabetic code: three capital letters (EUR, USD, JPY).
    CONSTRAINT transactions_currency_iso4217 CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT transactions_merchant_length CHECK (char_length(merchant) BETWEEN 1 AND 500),
    CONSTRAINT transactions_category_length CHECK (char_length(category) BETWEEN 1 AND 100),
    CONSTRAINT transactions_description_length CHECK (char_length(description) <= 10000),
    CONSTRAINT transactions_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT transactions_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER transactions_set_updated_at
BEFORE UPDATE ON transactions
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live transactions of one user, newest first (keyset), optionally within a window; and the
-- summary of a window: the INCLUDE columns are all it reads, so it is an index-only scan.
CREATE INDEX transactions_live_user_occurred_idx
ON transactions (user_id, occurred_at, id)
INCLUDE (currency, amount, pending, category)
WHERE deleted_at IS NULL;

-- The live transactions of one category, newest first (keyset).
CREATE INDEX transactions_live_category_idx
ON transactions (user_id, category, occurred_at, id)
WHERE deleted_at IS NULL AND category IS NOT NULL;

-- The live transactions of one account, newest first (keyset).
CREATE INDEX transactions_live_account_idx
ON transactions (user_id, account_name, occurred_at, id)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted transactions of one user, most recently deleted first.
CREATE INDEX transactions_trash_user_deleted_idx
ON transactions (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: rows soft-deleted before the retention cut-off, across all users.
CREATE INDEX transactions_purge_deleted_idx
ON transactions (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per transaction of a bank feed (see 0008).
CREATE UNIQUE INDEX transactions_live_source_key
ON transactions (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Supports the integration foreign key (its check, and the trigger that clears it).
CREATE INDEX transactions_user_source_integration_idx
ON transactions (user_id, source_integration_id)
WHERE source_integration_id IS NOT NULL;

-- Before an integration row is deleted, the transactions imported through it stop naming it.
-- A trigger of its own, as ai_interactions has (see 0013).
CREATE FUNCTION transactions_clear_integration() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE transactions
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER integrations_clear_transactions
BEFORE DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION transactions_clear_integration();

-- migrate:down
DROP TRIGGER integrations_clear_transactions ON integrations;
DROP FUNCTION transactions_clear_integration();
DROP TABLE transactions;
