"""Password hashing: argon2id, with a dummy check for unknown accounts."""

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# RFC 9106's profile for machines without gigabytes to spare: argon2id, 64 MiB, 3 passes.
_hasher = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)
# Verified against when the account is unknown, so that a wrong name takes as
# long as a wrong password and response times do not reveal who has an account.
_DUMMY_HASH = _hasher.hash("not a real password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
