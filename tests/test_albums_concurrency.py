"""albums.media_count equals the number of visible memberships under concurrent writes."""

from __future__ import annotations

import asyncio
import random
import uuid

import asyncpg

from hypernet.domain.albums import AlbumCreate
from hypernet.domain.errors import MissingReferences, NotFound
from hypernet.domain.media import MediaCreate
from hypernet.mappers.albums import AlbumMapper
from hypernet.mappers.media import MediaMapper
from hypernet.mappers.users import UserMapper

RETRYABLE = (asyncpg.DeadlockDetectedError, asyncpg.SerializationError)


async def visible_members(owner_pool: asyncpg.Pool, user_id: uuid.UUID, album_id: uuid.UUID) -> int:
    rows = await AlbumMapper(owner_pool).list_media(user_id, album_id, limit=10_000)
    return len(rows)


async def test_media_count_stays_exact_under_concurrent_writes(owner_pool: asyncpg.Pool) -> None:
    user = await UserMapper(owner_pool).create("busy@example.com", "x" * 60, "Busy")
    media = [
        (
            await MediaMapper(owner_pool).create(
                user.id,
                MediaCreate(
                    filename=f"{i}.jpg",
                    media_type="photo",
                    mime_type="image/jpeg",
                    size=1,
                    file_path=f"{i}.jpg",
                ),
            )
        ).id
        for i in range(12)
    ]
    albums = [
        (await AlbumMapper(owner_pool).create(user.id, AlbumCreate(name=f"A{i}"))).id
        for i in range(3)
    ]
    rng = random.Random(20261122)
    retried = 0
    done: dict[str, int] = {}

    async def one_operation(seed: int) -> None:
        nonlocal retried
        r = random.Random(seed)
        kind = r.choice(["add", "add", "remove", "trash", "restore"])
        album_id, media_id = r.choice(albums), r.choice(media)
        for _attempt in range(20):
            try:
                async with owner_pool.acquire() as conn, conn.transaction():
                    if kind == "add":
                        await AlbumMapper(conn).add_media(
                            user.id, album_id, r.sample(media, r.randint(1, 4))
                        )
                    elif kind == "remove":
                        await AlbumMapper(conn).remove_media(user.id, album_id, media_id)
                    elif kind == "trash":
                        await MediaMapper(conn).soft_delete(user.id, media_id)
                    else:
                        await MediaMapper(conn).restore(user.id, media_id)
                done[kind] = done.get(kind, 0) + 1
                return
            except (MissingReferences, NotFound):
                return  # e.g. adding a media item that is in the trash: refused, nothing done
            except RETRYABLE:
                retried += 1
                await asyncio.sleep(0.01)
        raise AssertionError("an operation kept deadlocking")

    for _round in range(5):
        await asyncio.gather(*(one_operation(rng.randrange(1 << 30)) for _ in range(30)))
        for album_id in albums:
            album = await AlbumMapper(owner_pool).get(user.id, album_id)
            assert album is not None
            assert album.media_count == await visible_members(owner_pool, user.id, album_id)
    print(f"retried after deadlocks: {retried}; done: {sorted(done.items())}")
    # The workload must really have mixed every kind of write, or the test proves nothing.
    assert set(done) == {"add", "remove", "trash", "restore"}
