-- The password hash of one live user, to check the current password before changing it.
-- Through user_password_hash() (0031): the service may not read users.password_hash itself.
-- params: $1 id uuid
-- uses: none (SECURITY DEFINER function user_password_hash: users_pkey inside)
-- sample: id = user
SELECT user_password_hash($1) AS password_hash
