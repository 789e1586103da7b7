"""Integer query parameters, for the projects that page or filter by number.

Query strings are text, so their integers are parsed, but only from their
plain spelling: `1.0` or `1e3` is a 400, as it would be in a JSON body.
"""

import re

from pydantic import BeforeValidator


def _query_int(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value):
        return int(value)
    raise ValueError("must be an integer")


# List it after the constraints, as in `Annotated[int, Query(ge=1), query_int]`:
# a constraint placed after a validator still holds but no longer shows in the
# schema as a minimum.
query_int = BeforeValidator(_query_int)
