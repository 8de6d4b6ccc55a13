"""The account export (GET /v1/me/export): a ZIP of one NDJSON file per owned table plus
manifest.json (rows and SHA-256 of each file), written from one consistent snapshot in
constant memory.

How it flows, and why:
- One REPEATABLE READ, READ ONLY transaction reads every table, so the files agree with each
  other (a link never names an object the export lacks because it was made half-way).
- Each table is read a batch at a time by keyset (primary key order, each batch after the last
  key of the one before, through the primary key: the plan checks hold every batch to it); a
  batch is hashed, compressed and appended to the ZIP before the next is fetched: memory holds
  one batch whatever the account's size. (A server-side cursor would do the same in the same
  snapshot; keyset batches let each statement be planned, checked and named like any other.)
- The ZIP goes to a spool (an unnamed temporary file) that the HTTP handler sends from as it
  grows. The reader never waits on the client, so the connection and its snapshot are held
  only as long as the database and the compression take, never while a slow client downloads:
  the spool absorbs the difference (on disk, at most the compressed export).
- The spool refuses tell() and seek(), so zipfile writes a streaming ZIP (sizes and CRC in a
  data descriptor after each member), never going back over bytes already sent; every member is
  ZIP64 (a member of more than 4 GiB needs it, and with an unseekable file zipfile must know at
  its start).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from hypernet.db.pool import BoundedPool
from hypernet.mappers.account_data import OWNED_TABLES, export_batches, exported_tables

# Rows per batch: about 0.3 to 3 MB of JSON for the widest tables.
BATCH_SIZE = 2000
FORMAT_VERSION = 1


class ExportSpool:
    """An append-only temporary file: written by the export (from worker threads), read from
    behind by the handler with pread, which never moves the writer's position."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._file = tempfile.TemporaryFile(prefix="hypernet-export-")
        self._loop = loop
        self._grown = asyncio.Event()
        self.written = 0
        self.finished = False
        self._abandoned = False

    # -- the writer's side (zipfile calls write and flush; no tell, no seek: a stream) ----------

    def write(self, data: bytes) -> int:
        if self._abandoned:
            return len(data)
        self._file.write(data)
        self._file.flush()
        self.written += len(data)
        self._loop.call_soon_threadsafe(self._grown.set)
        return len(data)

    def flush(self) -> None:
        self._file.flush()

    def finish(self) -> None:
        self.finished = True
        self._grown.set()

    def abandon(self) -> None:
        """The export failed: whatever is written from now on is dropped."""
        self._abandoned = True

    def wake(self) -> None:
        """Let a waiting reader look again (the writer stopped, finished or not)."""
        self._grown.set()

    # -- the reader's side ------------------------------------------------------------------

    def read(self, offset: int, size: int) -> bytes:
        return os.pread(self._file.fileno(), min(size, self.written - offset), offset)

    async def wait(self) -> None:
        """Until something more is written (or the writer has finished)."""
        await self._grown.wait()
        self._grown.clear()

    def close(self) -> None:
        self._file.close()


@dataclass
class ManifestFile:
    file: str
    table: str
    rows: int
    bytes: int
    sha256: str


async def write_export(
    pool: BoundedPool,
    user_id: UUID,
    spool: ExportSpool,
    *,
    on_snapshot: Callable[[], None] = lambda: None,
    batch_size: int = BATCH_SIZE,
) -> list[ManifestFile]:
    """Write the whole ZIP into the spool; on_snapshot() is called once the connection is held
    and the snapshot taken (the handler answers only then, so a full pool is still a 503)."""
    started = datetime.now(UTC)
    stamp = started.timetuple()[:6]
    zf = zipfile.ZipFile(spool, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    writing: list[Any] = []  # the member being written, to close after a failure
    try:
        return await _write_members(
            pool, user_id, spool, zf, writing, stamp, started, on_snapshot, batch_size
        )
    except BaseException:
        # Nothing more reaches the client (no ZIP may look complete); close the archive into
        # the void so that nothing is left half-open behind.
        spool.abandon()
        with contextlib.suppress(Exception):
            for handle in writing:
                handle.close()
            zf.close()
        raise


async def _write_members(
    pool: BoundedPool,
    user_id: UUID,
    spool: ExportSpool,
    zf: zipfile.ZipFile,
    writing: list[Any],
    stamp: Any,
    started: datetime,
    on_snapshot: Callable[[], None],
    batch_size: int,
) -> list[ManifestFile]:
    run = asyncio.get_running_loop().run_in_executor
    manifest: list[ManifestFile] = []
    t0 = time.monotonic()
    async with pool.acquire() as conn:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            on_snapshot()
            for stem, export in exported_tables():
                name = f"{stem}.ndjson"
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                member = zf.open(info, mode="w", force_zip64=True)
                writing[:] = [member]
                digest = hashlib.sha256()
                rows = size = 0
                async for lines in export_batches(conn, export, user_id, batch_size):
                    data = ("\n".join(lines) + "\n").encode()
                    digest.update(data)
                    rows += len(lines)
                    size += len(data)
                    # Compression is CPU work: off the event loop.
                    await run(None, member.write, data)
                await run(None, member.close)
                writing.clear()
                manifest.append(ManifestFile(name, stem, rows, size, digest.hexdigest()))
    read_seconds = time.monotonic() - t0
    document: dict[str, Any] = {
        "format": "hypernet-export",
        "version": FORMAT_VERSION,
        "user_id": str(user_id),
        "exported_at": started.isoformat().replace("+00:00", "Z"),
        "snapshot": "one REPEATABLE READ transaction: every file is as of the same instant",
        "encoding": "one JSON object per line (NDJSON, UTF-8), every column of the row",
        "files": [vars(m) for m in manifest],
        "left_out": {t.name: t.why for t in OWNED_TABLES if t.export is None},
        "omitted_columns": {
            "account": ["password_hash"],
            "refresh_tokens": ["token_hash"],
        },
        "database_seconds": round(read_seconds, 3),
    }
    body = json.dumps(document, indent=2).encode() + b"\n"
    info = zipfile.ZipInfo("manifest.json", date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    await run(None, zf.writestr, info, body)
    await run(None, zf.close)
    spool.finish()
    return manifest
