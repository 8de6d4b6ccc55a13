-- Append one event to the audit log, in the same transaction as the change it records.
-- params: $1 user_id uuid, $2 actor_id uuid, $3 action text, $4 object_type text, $5 object_id uuid, $6 request_id text, $7 client_addr inet, $8 details jsonb
-- uses: none (plain insert)
-- sample user: heaviest owner of audit_log
INSERT INTO audit_log (
    user_id, actor_id, action, object_type, object_id, request_id, client_addr, details
)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
