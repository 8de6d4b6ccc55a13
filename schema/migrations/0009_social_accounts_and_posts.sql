-- A user's own accounts on social platforms (twitter, mastodon, instagram, ...) and the posts
-- made from them, imported or entered by hand.
-- Why the shape:
-- - Citus-ready like every user-owned table: keys are (user_id, id); a post names its account
--   and the post it replies to through composite foreign keys that include user_id, so neither
--   can point at another user's row, and both are NO ACTION (Citus refuses SET NULL on a key
--   that includes user_id).
-- - One live account per (platform, handle) and user, enforced by a unique partial index: the
--   API inserts and answers 409 from PostgreSQL's unique violation, never by reading first (a
--   read-then-insert races). A trashed account keeps its handle out of the key, so the same
--   account can be added again while the old one waits in the trash.
-- - A post's platform is its account's, copied when the post is stored (the API takes no
--   platform for a post): the post lists filter by platform through an index of their own
--   instead of joining the accounts. An account's platform cannot change (a PATCH has no such
--   field: another platform is another account), so the copy stays true.
-- - Trashing an account trashes its live posts in the same transaction, at the same instant
--   (deleted_at equal to the account's); restoring the account brings back exactly those. So a
--   post is never live under a trashed account, every post of an expired account has expired
--   too, and the purge takes posts before their accounts without a foreign key refusing it.
-- - When a post is purged, its replies stay and stop naming it (the purge statement clears
--   their reply_to_post_id in the same statement that deletes the post). A trigger could not do
--   that: a cascaded delete of a user removes a post and its replies in one statement, and a
--   BEFORE DELETE trigger updating a reply that the same statement deletes next makes
--   PostgreSQL refuse the delete.
-- squawk-ignore-file prefer-bigint-over-int -- like, share and reply counts of one post, far below 2^31
-- migrate:up

CREATE TABLE social_accounts (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    platform text NOT NULL,
    -- As the platform shows it, without a leading @ ("ada", "ada@mastodon.social"). Compared
    -- exactly: the service does not guess a platform's case rules.
    handle text NOT NULL,
    display_name text,
    profile_url text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    -- Not a foreign key to integrations, like albums': clearing it on an integration's purge
    -- would mean one more statement in clear_integration_references for every table.
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT social_accounts_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT social_accounts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    -- Room for any platform: a lower-case word (twitter, mastodon, bluesky, linkedin, ...).
    CONSTRAINT social_accounts_platform_shape CHECK (platform ~ '^[a-z][a-z0-9_.-]{0,49}$'),
    CONSTRAINT social_accounts_handle_shape CHECK (
        char_length(handle) BETWEEN 1 AND 200 AND handle !~ '^@'
    ),
    CONSTRAINT social_accounts_display_name_length CHECK (
        char_length(display_name) BETWEEN 1 AND 200
    ),
    CONSTRAINT social_accounts_profile_url_shape CHECK (
        char_length(profile_url) <= 2048 AND profile_url ~ '^https?://'
    ),
    CONSTRAINT social_accounts_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT social_accounts_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER social_accounts_set_updated_at
BEFORE UPDATE ON social_accounts
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- One live account per platform and handle (409 on a second), and the account list itself:
-- by platform, then handle, whole or of one platform (keyset on (platform, handle), which this
-- index makes unique, so no id is needed to break ties).
CREATE UNIQUE INDEX social_accounts_live_handle_key
ON social_accounts (user_id, platform, handle)
WHERE deleted_at IS NULL;

-- The account trash, most recently deleted first.
CREATE INDEX social_accounts_trash_user_deleted_idx
ON social_accounts (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job, across users, oldest deletion first.
CREATE INDEX social_accounts_purge_deleted_idx
ON social_accounts (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live account per account of an external service (as migration 0008
-- states the key: rows without a source are outside it).
CREATE UNIQUE INDEX social_accounts_live_source_key
ON social_accounts (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

CREATE TABLE social_posts (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL,
    -- The account's platform, copied on insert (see the header).
    platform text NOT NULL,
    posted_at timestamptz NOT NULL,
    text text,
    url text,
    reply_to_post_id uuid,
    like_count integer NOT NULL DEFAULT 0,
    share_count integer NOT NULL DEFAULT 0,
    reply_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT social_posts_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT social_posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
        ON DELETE CASCADE,
    CONSTRAINT social_posts_account_fkey FOREIGN KEY (user_id, account_id)
        REFERENCES social_accounts (user_id, id),
    CONSTRAINT social_posts_reply_to_fkey FOREIGN KEY (user_id, reply_to_post_id)
        REFERENCES social_posts (user_id, id),
    CONSTRAINT social_posts_platform_shape CHECK (platform ~ '^[a-z][a-z0-9_.-]{0,49}$'),
    -- Longer than any platform allows today (Facebook: 63,206 characters), still bounded.
    CONSTRAINT social_posts_text_length CHECK (char_length(text) <= 100000),
    CONSTRAINT social_posts_url_shape CHECK (char_length(url) <= 2048 AND url ~ '^https?://'),
    CONSTRAINT social_posts_not_a_reply_to_itself CHECK (reply_to_post_id <> id),
    CONSTRAINT social_posts_counts_nonnegative CHECK (
        like_count >= 0 AND share_count >= 0 AND reply_count >= 0
    ),
    CONSTRAINT social_posts_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT social_posts_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER social_posts_set_updated_at
BEFORE UPDATE ON social_posts
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live posts of one user, newest first (keyset).
CREATE INDEX social_posts_live_user_posted_idx
ON social_posts (user_id, posted_at, id)
WHERE deleted_at IS NULL;

-- The same list of one platform.
CREATE INDEX social_posts_live_user_platform_posted_idx
ON social_posts (user_id, platform, posted_at, id)
WHERE deleted_at IS NULL;

-- The list of one account's posts (live rows only are read; a few percent are in the trash), and
-- the index the account foreign key needs, which must hold every row: its check when an account
-- is deleted, and the purge asking whether an account still has posts. One index rather than a
-- partial live-row copy beside it: the copy would double the writes of every post, and a
-- generic plan prefers the narrower full index anyway. It also serves trashing an account's
-- live posts with it and restoring those posts.
CREATE INDEX social_posts_user_account_posted_idx
ON social_posts (user_id, account_id, posted_at, id);

-- Supports the reply foreign key (partial: only replies name a post, and the key's checks only
-- look for non-null values), a post's replies in thread order, and the purge clearing the
-- replies of the posts it deletes.
CREATE INDEX social_posts_user_reply_to_idx
ON social_posts (user_id, reply_to_post_id, posted_at, id)
WHERE reply_to_post_id IS NOT NULL;

-- The post trash, most recently deleted first.
CREATE INDEX social_posts_trash_user_deleted_idx
ON social_posts (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job, across users, oldest deletion first.
CREATE INDEX social_posts_purge_deleted_idx
ON social_posts (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live post per item of an external service.
CREATE UNIQUE INDEX social_posts_live_source_key
ON social_posts (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- migrate:down
DROP TABLE social_posts;
DROP TABLE social_accounts;
