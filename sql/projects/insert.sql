-- Store one new project for one user and return it; a live project with the same import key is
-- a unique violation (projects_live_source_key), which the API answers with 409.
-- params: $1 user_id uuid, $2 name text, $3 description text, $4 status text, $5 color text, $6 metadata jsonb, $7 source_integration_id uuid, $8 source_platform text, $9 source_object_id text
-- uses: none (plain insert)
-- sample: name = "Explain"
-- sample: status = "active"
-- sample: color = "#336699"
INSERT INTO projects (
    user_id, name, description, status, color, metadata, source_integration_id,
    source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING
    id,
    user_id,
    name,
    description,
    status,
    color,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
