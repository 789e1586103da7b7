"""Short codes: how random ones are drawn, and which codes no link may have.

Random codes come from `secrets`, so nobody can predict the next one from
the last or walk through links in order. Whether a code is free is decided
by the database, not by a lookup beforehand: the unique index on
`short_code` refuses a taken one, even when two requests race for it, and
the caller retries with a fresh code one character longer.
"""

import secrets
import string
from collections.abc import Callable

ALPHABET = string.ascii_letters + string.digits

# Six characters already give 62**6, about 57 billion codes, so a collision is
# rare; each retry draws a longer code, where collisions are rarer still.
RANDOM_CODE_LENGTHS = range(6, 11)

# Every code a link can have, drawn or chosen as an alias.
CODE_PATTERN = r"^[A-Za-z0-9_-]{3,32}$"

# The first path segment of every other route. Short links live at the root,
# so a code equal to one of these would hide that route or be hidden by it.
# A test compares this set with the app's routes, so a new route can't be forgotten.
RESERVED_WORDS = frozenset(
    {"docs", "healthz", "metrics", "openapi.json", "readyz", "redoc", "shorten"}
)


def random_code(length: int, choice: Callable[[str], str] = secrets.choice) -> str:
    """A code of `length` random letters and digits that no route claims."""
    while True:
        code = "".join(choice(ALPHABET) for _ in range(length))
        if code not in RESERVED_WORDS:
            return code
