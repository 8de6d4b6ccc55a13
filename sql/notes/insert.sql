-- Store one new note for one user and return it. created_at and updated_at are now unless given
-- (an imported note keeps its history; the domain type fills one from the other).
-- params: $1 user_id uuid, $2 title text, $3 body text, $4 pinned boolean, $5 archived boolean, $6 created_at timestamptz, $7 updated_at timestamptz, $8 metadata jsonb, $9 source_integration_id uuid, $10 source_platform text, $11 source_object_id text
-- uses: none (plain insert)
-- sample: title = "Groceries"
-- sample: body = "- milk\n- bread"
-- sample: pinned = false
-- sample: archived = false
INSERT INTO notes (
    user_id, title, body, pinned, archived, created_at, updated_at, metadata,
    source_integration_id, source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, coalesce($6, now()), coalesce($7, now()), $8, $9, $10, $11)
RETURNING
    id,
    user_id,
    title,
    body,
    pinned,
    archived,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
