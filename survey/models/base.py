import functools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints so Alembic migrations can refer to them on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: DateTime(timezone=True)}


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Attach UTC to a naive datetime: SQLite hands back naive values, all stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@functools.lru_cache(maxsize=256)
def zone_named(name: str) -> ZoneInfo:
    """The time zone of this IANA name; UTC for a name this machine does not know."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone a trainer can pick: "Area/City" names and UTC, sorted."""
    names = {
        n for n in available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/"))
    }
    return ("UTC", *sorted(names))


def local_to_utc(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A wall-clock time typed for ``zone`` (naive) as an aware UTC time."""
    return value.replace(tzinfo=zone).astimezone(UTC) if value else None


def utc_to_local(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A stored time as the wall-clock time in ``zone``, naive, as a form shows it."""
    return as_utc(value).astimezone(zone).replace(tzinfo=None) if value else None
