-- Rate limits and login lockout: counters of attempts per (scope, key), shared by every service
-- process through the database, so that a limit holds however many processes serve.
-- Why the shape:
-- - One row per (scope, key): the scope is what is counted ('login/address', 'login/account',
--   'register/address', ..., 'login/failures' for the lockout), the key whom it is counted for.
--   Each attempt is one INSERT ... ON CONFLICT DO UPDATE ... RETURNING on the primary key
--   (sql/rate_limits/hit.sql): the row lock makes concurrent attempts of several processes
--   count one after the other, and the count comes back in the same round trip.
-- - A fixed window, started by the first attempt after the previous window ended (window_end
--   is then moved a window ahead and hits starts again at 1). Fixed rather than sliding: one row
--   and one update per attempt, whatever the attack; a sliding log would store a row per attempt
--   (the table would grow with the attack it is meant to stop), and a sliding estimate over two
--   windows needs two rows and arithmetic for little gain. The price is that a client can spend
--   up to twice the limit around the end of a window; the lockout below stops a password guesser
--   well before that matters.
-- - The lockout is a row of scope 'login/failures' counting failed logins of one account: the
--   failure that reaches the threshold moves its window_end to the end of the cooling-off period
--   (sql/rate_limits/record_login_failure.sql); while hits >= threshold and window_end is ahead,
--   password login of that account is refused; a successful login deletes the row.
-- - Keys of client addresses are stored as given (an IPv6 client as its /64 network: one client
--   holds a whole /64). Keys of accounts are SHA-256 of the lower-cased e-mail (or of the user id,
--   for refresh and password changes), computed in SQL with the same lower() that finds the
--   account (sql/users/get_credentials_by_email.sql), so the limit and the account agree on which
--   spellings are one address. Hashed so that this table is not a second list of e-mail
--   addresses, including the mistyped and made-up ones an attacker tries, and so that a key has
--   a fixed length. Not a secret-keyed hash: a known address can be confirmed against it, which
--   the audit log (failed logins name the address) allows anyway; rows live minutes.
-- - Expired rows are deleted by `hypernet db purge` (sql/rate_limits/purge_expired.sql) through
--   the window_end index; an expired row left in place is harmless (the next attempt starts a
--   new window in it).
-- - Not a user-owned table: a key names an address or a hash, never a user_id; no row-level
--   security applies, and sharded (Citus) it stays a local table of the coordinator.
-- - fillfactor 70: almost every attempt updates a row in place; free room on its page lets
--   PostgreSQL do that as a HOT update (hits is in no index), without a new index entry.
-- squawk-ignore-file require-concurrent-index-creation -- the table is created empty in this migration; nothing is locked that anyone could be waiting on
-- migrate:up

CREATE TABLE rate_limits (
    scope text NOT NULL,
    key text NOT NULL,
    -- bigint: refused attempts count too, and a flood of them must not overflow a counter.
    hits bigint NOT NULL,
    window_end timestamptz NOT NULL,
    CONSTRAINT rate_limits_pkey PRIMARY KEY (scope, key),
    CONSTRAINT rate_limits_scope_length CHECK (char_length(scope) BETWEEN 1 AND 40),
    CONSTRAINT rate_limits_key_length CHECK (char_length(key) BETWEEN 1 AND 100),
    CONSTRAINT rate_limits_hits_positive CHECK (hits > 0)
) WITH (fillfactor = 70);

-- The purge: rows whose window has ended, oldest first.
CREATE INDEX rate_limits_window_end_idx
ON rate_limits (window_end);

-- migrate:down
DROP TABLE rate_limits;
