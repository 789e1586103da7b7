"""Integer ids in paths: the same range in every folio stack.

Ids are 64-bit in the database, but JSON numbers are safe only up to
2^53 - 1 in JavaScript clients, so the API's ids stay within 1..2^53 - 1.
Anything else in an id's place (0, a negative number, a larger one, `1.0`,
`+1`, letters) names no resource: the problem handler answers it with 404,
before the database is asked.
"""

import re
from typing import Annotated

from fastapi import Path
from pydantic import BeforeValidator

MAX_ID = 2**53 - 1


def _plain_digits(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,16}", value):
        return int(value)
    raise ValueError("must be a positive integer")


# Every route spells its id `{id}`, as the contract and the other stacks do; the
# handler's parameter keeps a name that says which resource it is.
ResourceId = Annotated[int, Path(alias="id", ge=1, le=MAX_ID), BeforeValidator(_plain_digits)]
