"""The database roles: which login runs what, giving the embedded server's roles their logins,
and telling whether a login is less privileged than the schema owner."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

from hypernet.db.queries import query

# The service's login: its grants are the migrations' (0002, 0031), it owns nothing and is
# subject to row-level security.
SERVICE_ROLE = "hypernet_app"
# The reporting login: SELECT only, never a secret or a password hash.
READONLY_ROLE = "hypernet_readonly"
# Row-level security does not apply to the reader (it reads every user's rows, writes none).
LOGIN_ROLES: dict[str, bool] = {SERVICE_ROLE: False, READONLY_ROLE: True}

_LOGIN_ROLE_STATEMENT = query("catalog/login_role_statement")
_LOGIN_PRIVILEGES = query("catalog/login_privileges")


def with_login(dsn: str, user: str, password: str) -> str:
    """The same server and database as `dsn`, logged in as another user."""
    parts = urlsplit(dsn)
    host = parts.netloc.rpartition("@")[2]
    netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{host}"
    return urlunsplit(parts._replace(netloc=netloc))


def password_file(datadir: Path, role: str) -> Path:
    """Where the embedded server keeps a login's password: next to the owner's."""
    return datadir.parent / f"{datadir.name}.{role}.password"


def read_or_create_password(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(24)
    path.touch(mode=0o600)
    path.write_text(password)
    return password


async def grant_login(owner: asyncpg.Connection, role: str, password: str) -> None:
    """Give `role` a login with `password` (creating the role when missing), as a superuser or a
    role with CREATEROLE. Roles belong to the whole server; two commands may race to create."""
    statement = await owner.fetchval(_LOGIN_ROLE_STATEMENT.sql, role, password, LOGIN_ROLES[role])
    try:
        await owner.execute(statement)
    except (asyncpg.DuplicateObjectError, asyncpg.UniqueViolationError):
        statement = await owner.fetchval(
            _LOGIN_ROLE_STATEMENT.sql, role, password, LOGIN_ROLES[role]
        )
        await owner.execute(statement)


async def grant_embedded_logins(owner: asyncpg.Connection, datadir: Path) -> dict[str, str]:
    """The embedded server's login roles, with passwords generated once and kept in the data
    folder next to the owner's; answers {role: password}."""
    passwords = {}
    for role in LOGIN_ROLES:
        passwords[role] = read_or_create_password(password_file(datadir, role))
        await grant_login(owner, role, passwords[role])
    return passwords


@dataclass(frozen=True)
class LoginPrivileges:
    login: str
    is_superuser: bool
    can_create_roles: bool
    can_create_databases: bool
    bypasses_row_security: bool
    can_become_owner: bool
    owner: str | None

    def excess(self) -> list[str]:
        """What this login may do that the service must not, in words; empty when none."""
        found = []
        if self.is_superuser:
            found.append("is a superuser")
        if self.can_become_owner:
            found.append(f"is or can become the schema owner {self.owner}")
        if self.can_create_roles:
            found.append("may create roles")
        if self.can_create_databases:
            found.append("may create databases")
        if self.bypasses_row_security and not self.is_superuser:
            found.append("bypasses row-level security")
        return found


async def login_privileges(conn: asyncpg.Connection) -> LoginPrivileges:
    row = await conn.fetchrow(_LOGIN_PRIVILEGES.sql)
    return LoginPrivileges(**row)
