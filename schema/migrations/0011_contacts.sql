-- Contacts: the people a user knows, with their e-mail addresses and phone numbers, found by name
-- (an alphabetical list) or by one address or number ("who wrote me from this address?").
-- Why the shape:
-- - E-mails and phones are jsonb arrays of {"value": ..., "type": ...} (type: a free label such
--   as home, work, mobile), not child tables and not parallel text arrays: a contact is read and
--   written whole, the order the user gave is kept, a value and its label cannot drift apart
--   (as two parallel arrays could), and the API validates each element (msgspec) before it is
--   stored. The CHECKs below hold the shape for writers other than the API.
-- - Lookup by address or number goes through lookup_keys, a generated text[] of one key per
--   e-mail ('e:' and the address lower-cased) and per phone ('p:' and its digits only, so
--   '+1 (555) 010-2000' and '+1 555 010 2000' are the same number), each prefixed with the
--   user's id. A GIN index over it (live rows only) finds the contacts holding one key. The user
--   id inside the key keeps a posting list to one user's rows: an address many users keep
--   (a shop's, a bank's) would otherwise make every user's lookup read every other user's rows.
--   Generated, so no writer can forget to maintain it, and COPY fills it too.
-- - source_integration_id is a plain column, as in albums: the API does not set it yet (imports
--   carry source_platform and source_object_id, the import key). Tying it to integrations is a
--   foreign key plus a branch of the trigger that clears references when an integration is
--   purged, which one later migration adds for every type at once.
-- migrate:up

-- The lookup keys of one contact. IMMUTABLE (needed by a generated column): it reads nothing
-- but its arguments; lower() follows the database's collation, fixed at creation (C here).
-- Anything but an array of objects with string values gives no key, so the CHECKs below (not
-- an error in here) answer a malformed row.
CREATE FUNCTION contact_lookup_keys(p_user_id uuid, p_emails jsonb, p_phones jsonb)
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT k.key), '{}')
    FROM (
        SELECT p_user_id::text || ':e:' || lower(e.item ->> 'value') AS key
        FROM jsonb_array_elements(
            CASE WHEN jsonb_typeof(p_emails) = 'array' THEN p_emails ELSE '[]' END
        ) AS e (item)
        WHERE jsonb_typeof(e.item -> 'value') = 'string'
        UNION ALL
        SELECT p_user_id::text || ':p:' || regexp_replace(p.item ->> 'value', '[^0-9]', '', 'g')
        FROM jsonb_array_elements(
            CASE WHEN jsonb_typeof(p_phones) = 'array' THEN p_phones ELSE '[]' END
        ) AS p (item)
        WHERE jsonb_typeof(p.item -> 'value') = 'string'
    ) AS k
$$;

CREATE TABLE contacts (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    given_name text,
    family_name text,
    display_name text NOT NULL,
    emails jsonb NOT NULL DEFAULT '[]',
    phones jsonb NOT NULL DEFAULT '[]',
    organization text,
    birthday date,
    notes text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    lookup_keys text[] NOT NULL GENERATED ALWAYS AS (
        contact_lookup_keys(user_id, emails, phones)
    ) STORED,
    CONSTRAINT contacts_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT contacts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT contacts_display_name_length CHECK (char_length(display_name) BETWEEN 1 AND 500),
    CONSTRAINT contacts_given_name_length CHECK (char_length(given_name) BETWEEN 1 AND 200),
    CONSTRAINT contacts_family_name_length CHECK (char_length(family_name) BETWEEN 1 AND 200),
    CONSTRAINT contacts_organization_length CHECK (char_length(organization) BETWEEN 1 AND 500),
    CONSTRAINT contacts_notes_length CHECK (char_length(notes) <= 20000),
    -- Up to 50 entries each, every one an object with a string value (and optionally a label):
    -- what the lookup keys are made of.
    CONSTRAINT contacts_emails_shape CHECK (
        jsonb_typeof(emails) = 'array'
        AND jsonb_array_length(emails) <= 50
        AND NOT jsonb_path_exists(
            emails, '$[*] ? (@.type() != "object" || !exists(@.value) || @.value.type() != "string")'
        )
    ),
    CONSTRAINT contacts_phones_shape CHECK (
        jsonb_typeof(phones) = 'array'
        AND jsonb_array_length(phones) <= 50
        AND NOT jsonb_path_exists(
            phones, '$[*] ? (@.type() != "object" || !exists(@.value) || @.value.type() != "string")'
        )
    ),
    CONSTRAINT contacts_birthday_range CHECK (birthday BETWEEN '0001-01-01' AND '9999-12-31'),
    CONSTRAINT contacts_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT contacts_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER contacts_set_updated_at
BEFORE UPDATE ON contacts
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live contacts of one user alphabetically (display_name, then id: a keyset that never skips
-- two contacts of the same name). Under the database's C collation that is code-point order.
CREATE INDEX contacts_live_user_name_idx
ON contacts (user_id, display_name, id)
WHERE deleted_at IS NULL;

-- ?email= and ?phone=: the live contacts holding one lookup key (see lookup_keys above).
CREATE INDEX contacts_live_lookup_idx
ON contacts USING gin (lookup_keys)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted contacts of one user, most recently deleted first.
CREATE INDEX contacts_trash_user_deleted_idx
ON contacts (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: contacts soft-deleted before the retention cut-off, oldest first.
CREATE INDEX contacts_purge_deleted_idx
ON contacts (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live contact per contact of an external address book. Rows without a
-- source are outside the key (see 0008).
CREATE UNIQUE INDEX contacts_live_source_key
ON contacts (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- migrate:down
DROP TABLE contacts;
DROP FUNCTION contact_lookup_keys(uuid, jsonb, jsonb);
