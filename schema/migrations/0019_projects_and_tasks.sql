-- Projects and the tasks of one user: a to-do list with subtasks.
-- Why the shape:
-- - Keys are (user_id, id) like every user-owned table; a task names its project and its parent
--   task through composite foreign keys that include user_id, so neither can point at another
--   user's row. Both are NO ACTION (Citus refuses SET NULL on a key with user_id): the purge
--   statements clear the references to the rows they delete, in the same statement.
-- - completed_at says when a task was done. The statements that write status set it (now(), or
--   the time an import gives) when status becomes done, keep it while the task stays done and
--   clear it when it leaves done; a CHECK holds it to "set exactly when done", whatever writes
--   the row. Completing a task changes that task only: its subtasks keep their own status.
-- - Subtasks: parent_task_id. A tree is at most 11 levels (a task has at most 10 ancestors) and
--   has no cycle. A CHECK cannot see other rows, so the API enforces both, race-free: every
--   write that changes where tasks hang (a create or import under a parent, a move, a trash, a
--   restore) first takes a transaction-level advisory lock on the user's task tree
--   (sql/tasks/lock_tree.sql), then checks on a snapshot taken after it (READ COMMITTED: each
--   statement sees what committed before it began), so two concurrent moves of one user are
--   checked one after the other and cannot close a cycle between them. Other users' trees, and
--   writes that leave the tree as it is (a title, a status), never wait on it.
-- - Trashing a task trashes its live subtree with it, at the same instant; restoring it brings
--   back exactly the tasks trashed at that instant. So a live task's parent is always live, a
--   task cannot be restored while its parent is in the trash (409), and a parent never expires
--   before its subtasks. The purge still clears parent_task_id of the subtasks a batch does not
--   take (a tie at its edge, or a row a request holds), in the same statement, so the foreign
--   key never refuses it; a trashed subtask whose parent was purged comes back as a top-level
--   task.
-- - A project in the trash keeps its tasks: they stay live and keep naming it (restoring the
--   project finds them all again); no new task may be put in it. Purging the project detaches
--   its tasks (project_id becomes null) in the purge statement; they are not purged with it.
-- - source_integration_id is a foreign key like chat messages' (0012): a trigger of this
--   migration clears it when the integration is purged.
-- squawk-ignore-file require-concurrent-index-creation -- both tables are created empty in this migration; nothing is locked that anyone could be waiting on
-- squawk-ignore-file prefer-bigint-over-smallint -- priority is 0 to 3
-- migrate:up

CREATE TABLE projects (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name text NOT NULL,
    description text,
    -- Archived projects leave the main list (GET /v1/projects shows active ones by default)
    -- and keep their tasks.
    status text NOT NULL DEFAULT 'active',
    -- '#rrggbb', lower case; null: the client's default colour.
    color text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT projects_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT projects_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT projects_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
        REFERENCES integrations (user_id, id),
    CONSTRAINT projects_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    CONSTRAINT projects_description_length CHECK (char_length(description) <= 10000),
    CONSTRAINT projects_status_known CHECK (status IN ('active', 'archived')),
    CONSTRAINT projects_color_shape CHECK (color ~ '^#[0-9a-f]{6}$'),
    CONSTRAINT projects_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT projects_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER projects_set_updated_at
BEFORE UPDATE ON projects
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live projects of one user in one status, alphabetically (keyset on name, id): the active
-- list, and the archived one.
CREATE INDEX projects_live_user_status_name_idx
ON projects (user_id, status, name, id)
WHERE deleted_at IS NULL;

-- The trash: soft-deleted projects of one user, most recently deleted first.
CREATE INDEX projects_trash_user_deleted_idx
ON projects (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: rows soft-deleted before the retention cut-off, across all users, oldest first.
CREATE INDEX projects_purge_deleted_idx
ON projects (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per item of an external service (the predicate of 0008).
CREATE UNIQUE INDEX projects_live_source_key
ON projects (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Supports the integration foreign key (its check, and the trigger that clears it).
CREATE INDEX projects_user_source_integration_idx
ON projects (user_id, source_integration_id)
WHERE source_integration_id IS NOT NULL;

CREATE TABLE tasks (
    user_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    title text NOT NULL,
    -- Markdown.
    notes text,
    status text NOT NULL DEFAULT 'todo',
    -- 0 none, 1 low, 2 medium, 3 high.
    priority smallint NOT NULL DEFAULT 0,
    due_at timestamptz,
    completed_at timestamptz,
    project_id uuid,
    parent_task_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    source_integration_id uuid,
    source_platform text,
    source_object_id text,
    CONSTRAINT tasks_pkey PRIMARY KEY (user_id, id),
    CONSTRAINT tasks_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT tasks_project_fkey FOREIGN KEY (user_id, project_id)
        REFERENCES projects (user_id, id),
    CONSTRAINT tasks_parent_fkey FOREIGN KEY (user_id, parent_task_id)
        REFERENCES tasks (user_id, id),
    CONSTRAINT tasks_source_integration_fkey FOREIGN KEY (user_id, source_integration_id)
        REFERENCES integrations (user_id, id),
    CONSTRAINT tasks_title_length CHECK (char_length(title) BETWEEN 1 AND 500),
    CONSTRAINT tasks_notes_length CHECK (char_length(notes) <= 100000),
    CONSTRAINT tasks_status_known CHECK (status IN ('todo', 'in_progress', 'done', 'cancelled')),
    CONSTRAINT tasks_priority_range CHECK (priority BETWEEN 0 AND 3),
    CONSTRAINT tasks_completed_at_when_done CHECK ((status = 'done') = (completed_at IS NOT NULL)),
    CONSTRAINT tasks_not_its_own_parent CHECK (parent_task_id <> id),
    CONSTRAINT tasks_metadata_is_object CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT tasks_source_complete CHECK (
        (source_object_id IS NULL) OR (source_platform IS NOT NULL)
    )
);

CREATE TRIGGER tasks_set_updated_at
BEFORE UPDATE ON tasks
FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Live tasks of one user, newest first (GET /v1/tasks).
CREATE INDEX tasks_live_user_created_idx
ON tasks (user_id, created_at, id)
WHERE deleted_at IS NULL;

-- The same list in one status ("what is in progress"): the status leads, so a small status is
-- read without walking the user's whole list, most of which is done.
CREATE INDEX tasks_live_user_status_created_idx
ON tasks (user_id, status, created_at, id)
WHERE deleted_at IS NULL;

-- Open tasks (to do, in progress) with a due date, soonest first: the agenda and, bounded by
-- now, what is overdue. Only open dated tasks are in it, a small part of a user's tasks.
CREATE INDEX tasks_live_user_open_due_idx
ON tasks (user_id, due_at, id)
WHERE deleted_at IS NULL AND due_at IS NOT NULL AND status IN ('todo', 'in_progress');

-- The tasks of one project newest first (live rows are read; a few percent are in the trash),
-- and the index the project foreign key needs, which must hold every row: the purge of a
-- project detaches all its tasks, live or trashed. One index rather than a live-row copy
-- beside it (as social_posts_user_account_posted_idx, 0009).
CREATE INDEX tasks_user_project_created_idx
ON tasks (user_id, project_id, created_at, id)
WHERE project_id IS NOT NULL;

-- The subtasks of a task, in creation order: the subtree walk (GET /v1/tasks/{id}/subtree,
-- which reads live rows), trashing and restoring a subtree, the height of a subtree a move
-- checks, and the parent foreign key (its check when a task is purged, and the purge clearing
-- parent_task_id of subtasks it leaves). Over every row, trashed ones included, for the
-- foreign key; partial: most tasks are top-level.
CREATE INDEX tasks_user_parent_created_idx
ON tasks (user_id, parent_task_id, created_at, id)
WHERE parent_task_id IS NOT NULL;

-- The trash: soft-deleted tasks of one user, most recently deleted first.
CREATE INDEX tasks_trash_user_deleted_idx
ON tasks (user_id, deleted_at, id)
WHERE deleted_at IS NOT NULL;

-- The purge job: rows soft-deleted before the retention cut-off, across all users, oldest first.
CREATE INDEX tasks_purge_deleted_idx
ON tasks (deleted_at)
WHERE deleted_at IS NOT NULL;

-- Idempotent import: one live row per item of an external service (the predicate of 0008).
CREATE UNIQUE INDEX tasks_live_source_key
ON tasks (user_id, source_platform, source_object_id)
WHERE deleted_at IS NULL AND source_platform IS NOT NULL AND source_object_id IS NOT NULL;

-- Supports the integration foreign key (its check, and the trigger that clears it).
CREATE INDEX tasks_user_source_integration_idx
ON tasks (user_id, source_integration_id)
WHERE source_integration_id IS NOT NULL;

-- Before an integration row is deleted, the projects and tasks imported through it stop naming
-- it (as media do, see 0005). A trigger of its own: tables added side by side do not rewrite
-- one function.
CREATE FUNCTION clear_integration_from_projects_and_tasks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    UPDATE tasks
    SET source_integration_id = NULL
    WHERE user_id = OLD.user_id
        AND source_integration_id = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER integrations_clear_projects_and_tasks
BEFORE DELETE ON integrations
FOR EACH ROW EXECUTE FUNCTION clear_integration_from_projects_and_tasks();

-- migrate:down
DROP TRIGGER integrations_clear_projects_and_tasks ON integrations;
DROP FUNCTION clear_integration_from_projects_and_tasks();
DROP TABLE tasks;
DROP TABLE projects;
