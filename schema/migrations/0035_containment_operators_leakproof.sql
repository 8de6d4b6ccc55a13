-- Under row-level security (0031) PostgreSQL uses a condition of the query as an index condition
-- only if its function is LEAKPROOF: otherwise it must first apply the policy and then the
-- condition, row by row. The containment and overlap operators behind six list filters are not
-- marked so, and under the policy those lists lost their GIN and GiST indexes (bookmarks and
-- e-mails by tag or label, media by metadata, contacts by e-mail or phone, calendar events in a
-- window): a walk of the user's newest rows instead of an index lookup.
--
-- These three functions are leakproof in fact, for the way these operators are used here:
-- arraycontains (anyarray @> anyarray, text[] here), jsonb_contains (jsonb @> jsonb) and
-- range_overlaps (anyrange && anyrange). Each only compares its two arguments; neither raises an
-- error that depends on the values (operator resolution has already made the two sides the same
-- type), and none includes a value in a message. PostgreSQL leaves them unmarked because the
-- array one calls the element type's equality, which for some other type could raise; text
-- equality under the deterministic C collation this database is created with does not.
--
-- Marking a system function takes a superuser; the change belongs to this database only. On a
-- server where the migrator is not a superuser the marking is skipped with a notice: the lists
-- then stay correct but slower, and the README says how an administrator marks them.
-- migrate:up
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        ALTER FUNCTION pg_catalog.arraycontains(anyarray, anyarray) LEAKPROOF;
        ALTER FUNCTION pg_catalog.jsonb_contains(jsonb, jsonb) LEAKPROOF;
        ALTER FUNCTION pg_catalog.range_overlaps(anyrange, anyrange) LEAKPROOF;
    ELSE
        RAISE NOTICE 'not a superuser: @> and && stay non-leakproof, so six list filters cannot '
            'use their indexes under row-level security (see README, Row-level security)';
    END IF;
END;
$$;
-- migrate:down
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        ALTER FUNCTION pg_catalog.arraycontains(anyarray, anyarray) NOT LEAKPROOF;
        ALTER FUNCTION pg_catalog.jsonb_contains(jsonb, jsonb) NOT LEAKPROOF;
        ALTER FUNCTION pg_catalog.range_overlaps(anyrange, anyrange) NOT LEAKPROOF;
    END IF;
END;
$$;
