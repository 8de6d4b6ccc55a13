-- Take the transaction-level advisory lock on one user's task tree (released at commit or
-- rollback). Every write that changes where tasks hang (a create or import under a parent, a
-- move, a trash, a restore) takes it first and then checks the tree in statements of its own,
-- whose snapshots see every such write committed before: so the checks of two concurrent moves
-- run one after the other, and cannot both pass and close a cycle. The key is the pair (a
-- class for task trees, a hash of the user): two users sharing a hash only wait for each other.
-- params: $1 user_id uuid
-- uses: none (an advisory lock; reads no table)
SELECT pg_advisory_xact_lock(1952, hashtext($1::uuid::text))
