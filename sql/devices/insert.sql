-- Store one new device for one user and return it; without a last_seen_at it is seen now.
-- params: $1 user_id uuid, $2 name text, $3 device_type text, $4 os text, $5 os_version text, $6 last_seen_at timestamptz, $7 identifiers jsonb, $8 metadata jsonb, $9 source_integration_id uuid, $10 source_platform text, $11 source_object_id text
-- uses: none (plain insert)
-- sample: name = "Ada's phone"
-- sample: device_type = "phone"
-- sample: os = "iOS"
-- sample: os_version = "18.2"
-- sample: identifiers = {"serial": "F2LXK0AAJGH5"}
INSERT INTO devices (
    user_id, name, device_type, os, os_version, last_seen_at, identifiers, metadata,
    source_integration_id, source_platform, source_object_id
)
VALUES ($1, $2, $3, $4, $5, coalesce($6, now()), $7, $8, $9, $10, $11)
RETURNING
    id,
    user_id,
    name,
    device_type,
    os,
    os_version,
    last_seen_at,
    identifiers,
    created_at,
    updated_at,
    deleted_at,
    metadata,
    source_integration_id,
    source_platform,
    source_object_id
