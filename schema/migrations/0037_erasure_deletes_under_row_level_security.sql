-- Account erasure (DELETE /v1/me, 0033) hard-deletes the caller's rows in every table they own,
-- and then their account row, through the service's login. 0031 took DELETE away from the
-- service because every other delete of the API is a soft one; erasure needs it back. What
-- keeps it narrow is row-level security (0031): every policy limits a DELETE to the rows of the
-- user the connection acts for, and erasure acts for the caller once their password is
-- confirmed, so a DELETE that forgot its user_id still reaches only the caller's rows. The audit
-- trail is not among these: it goes only through erase_audit_trail_batch() (0033).
--
-- account_erasures (0033) holds a user_id: like every user-owned table it gets a policy, and
-- the service only adds to it (remove_account, whose RETURNING reads the row back); the purge
-- and erase_audit_trail_batch() finish and remove its rows as the owner.
-- migrate:up
GRANT DELETE ON
    ai_interactions, albums, bookmarks, calendar_events, chat_messages, contacts, devices,
    documents, emails, health_records, integrations, links, locations, media, notes,
    notifications, profile_attributes, projects, refresh_tokens, social_accounts, social_posts,
    tasks, transactions, users, web_pages
TO hypernet_app;

REVOKE UPDATE, DELETE, TRUNCATE ON account_erasures FROM hypernet_app;
ALTER TABLE account_erasures ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON account_erasures USING (user_id = acting_user_id());
-- migrate:down
DROP POLICY own_rows ON account_erasures;
ALTER TABLE account_erasures DISABLE ROW LEVEL SECURITY;
GRANT UPDATE, DELETE ON account_erasures TO hypernet_app;
REVOKE DELETE ON
    ai_interactions, albums, bookmarks, calendar_events, chat_messages, contacts, devices,
    documents, emails, health_records, integrations, links, locations, media, notes,
    notifications, profile_attributes, projects, refresh_tokens, social_accounts, social_posts,
    tasks, transactions, users, web_pages
FROM hypernet_app;
