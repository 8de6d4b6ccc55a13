"""PartitionMapper: the monthly partitions of partitioned tables, over sql/partitions/*.sql."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import asyncpg

from hypernet.db.queries import query
from hypernet.domain.partitions import Ensured, Partition

_LIST = query("catalog/list_partitions")
_ENSURE_MONTH = query("partitions/ensure_month")
_ENSURE_MONTHS = query("partitions/ensure_months")
_MONTHS_IN_DEFAULT = query("partitions/months_in_default")
_DROP = query("partitions/drop")
_LOCK_TIMEOUT = query("partitions/set_local_lock_timeout")
# The tables whose rows can be an end of a link: a month of them dropped takes its links first.
_DELETE_LINKS_OF_MONTH = {
    "locations": query("locations/delete_links_of_month"),
    "health_records": query("health_records/delete_links_of_month"),
}


class PartitionMapper:
    """Partition upkeep runs DDL: on a connection of its own, one short transaction per step."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.conn = conn

    async def partitions_of(self, tables: Sequence[str]) -> list[Partition]:
        """The partitions of these tables, months in order, then the DEFAULT partition."""
        rows = await self.conn.fetch(_LIST.sql, list(tables))
        return [
            Partition(
                table=r["table_name"],
                schema=r["schema_name"],
                name=r["name"],
                key_column=r["key_column"],
                is_default=r["is_default"],
                lower=r["lower"],
                upper=r["upper"],
            )
            for r in rows
        ]

    async def ensure_month(self, table: str, month: date) -> Ensured:
        """The month's partition, created (moving its rows out of the DEFAULT partition) unless
        it exists. Run in a transaction: the move and the attach commit together."""
        row = await self.conn.fetchrow(_ENSURE_MONTH.sql, table, month)
        assert row is not None
        return Ensured(row["partition_name"], row["created"], int(row["moved_rows"]))

    async def months_in_default(self, default: Partition) -> list[date]:
        """The months the rows of a DEFAULT partition fall in."""
        sql = _MONTHS_IN_DEFAULT.with_identifiers(
            schema=default.schema, partition=default.name, column=default.key_column
        )
        return [r["month"] for r in await self.conn.fetch(sql)]

    async def drop(self, partition: Partition) -> None:
        """Drop a month and its rows; the links from or to those rows go first (DROP TABLE
        fires no delete_links_of_object). Run in a transaction: both, or neither."""
        links = _DELETE_LINKS_OF_MONTH.get(partition.table)
        if links is not None and partition.lower is not None and partition.upper is not None:
            await self.conn.execute(links.sql, partition.lower, partition.upper)
        await self.conn.execute(
            _DROP.with_identifiers(schema=partition.schema, partition=partition.name)
        )

    async def set_lock_timeout(self, seconds: float) -> None:
        """For the rest of the transaction: give up on a lock after this long."""
        await self.conn.fetchval(_LOCK_TIMEOUT.sql, f"{max(1, round(seconds * 1000))}ms")


# For a bulk load that sends its statements through a pipeline of its own (hypernet seed): the
# statement that makes sure every month from a first to a last one has its partition, and its
# arguments (table, first month, last month).
ENSURE_MONTHS_SQL = _ENSURE_MONTHS.sql
