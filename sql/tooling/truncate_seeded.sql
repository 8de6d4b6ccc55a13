-- Empty the users table and, through CASCADE, every table that belongs to a user, and the audit
-- log (its rows name users without a foreign key): what `hypernet seed --reset` replaces. The
-- audit log refuses TRUNCATE by trigger, so this runs with triggers off (skip_triggers_for_load).
-- uses: none (utility statement)
TRUNCATE users, audit_log CASCADE
