import secrets
from contextlib import suppress
from datetime import datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash

from .base import Base, utcnow

# Argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile: 64 MiB, t=3, p=4).
_hasher = PasswordHasher()

ROLES = ("trainer", "admin")


class User(UserMixin, Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('trainer', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased so that lookups do not depend on the database's collation.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="trainer")
    # The interface language the user chose ("fr", "en", "ar"); None follows the browser.
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        """Check a password against an Argon2id hash, or an older werkzeug (scrypt) one."""
        if not self.password_hash.startswith("$argon2"):
            return check_password_hash(self.password_hash, password)
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    @property
    def password_needs_upgrade(self) -> bool:
        """True when the hash is not Argon2id with today's parameters (re-hash at login)."""
        if not self.password_hash.startswith("$argon2"):
            return True
        try:
            return _hasher.check_needs_rehash(self.password_hash)
        except InvalidHashError:
            return True

    @staticmethod
    def normalise_email(email: str) -> str:
        return email.strip().lower()


def dummy_password_check(password: str) -> None:
    """Spend the time of a real check, so a wrong email looks like a wrong password."""
    with suppress(VerificationError):
        _hasher.verify(_dummy_hash(), password)


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_hex(16))
