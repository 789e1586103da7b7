"""Password hashing: argon2id at OWASP's minimum, a bound on concurrent hashes,
and a dummy check for unknown accounts.

Each hash takes 19 MiB for a few tens of milliseconds. Requests run in a
thread pool of about forty threads, so without a bound forty concurrent
logins would take 760 MiB; at most `PASSWORD_HASH_CONCURRENCY` hashes run at
once and the rest wait their turn, which keeps memory flat under a burst.
"""

import threading

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's password storage cheat sheet, first argon2id option: m=19 MiB, t=2, p=1.
# Hashes made with other parameters (older ones) still verify: the PHC string carries them.
_hasher = PasswordHasher(
    time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID
)
DEFAULT_CONCURRENCY = 4
_slots = threading.BoundedSemaphore(DEFAULT_CONCURRENCY)


def limit_concurrency(hashes: int) -> None:
    """Let at most `hashes` hashes or verifications run at once (set at start-up)."""
    # One bound for the whole process: hashing memory is a property of the machine.
    global _slots
    _slots = threading.BoundedSemaphore(hashes)


def hash_password(password: str) -> str:
    with _slots:
        return _hasher.hash(password)


# Verified against when the account is unknown, so that a wrong name takes as
# long as a wrong password and response times do not reveal who has an account.
_DUMMY_HASH = _hasher.hash("not a real password")


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        with _slots:
            verified = _hasher.verify(password_hash or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return verified and password_hash is not None
