"""The short links themselves: `GET /{code}` answers 302 to the link's URL and counts the visit.

`HEAD /{code}` answers the same (302 with Location, or 404) and counts
nothing: link checkers and chat unfurlers send HEAD, and they are not visitors.

The count goes up in one UPDATE statement, `access_count = access_count + 1`,
which the database applies under the row's lock. Reading the count, adding
one in Python and writing it back would lose visits whenever two redirects
of the same link interleave. RETURNING hands back the URL from the same
statement, so a redirect is one round trip and no row means no such code.
"""

import re
import string
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import RedirectResponse
from prometheus_client import Counter
from sqlalchemy import select, update
from starlette.convertors import Convertor, register_url_convertor

from ...codes import CODE_PATTERN, RESERVED_WORDS
from ...core.openapi import problem_responses
from ...models import Link
from ...schemas import ShortCode
from ..deps import SessionDep

_RESERVED = "|".join(re.escape(word) for word in sorted(RESERVED_WORDS))


class ShortCodeConvertor(Convertor[str]):
    """Matches a path segment only if it can be a short code.

    With a plain `{code}`, `GET /shorten` would reach the redirect and answer
    404; refusing the reserved words here leaves it to the `/shorten` route,
    which answers 405 as for any method a route does not allow.
    """

    # Starlette adds the anchors; the lookahead turns the reserved words away.
    regex = rf"(?!(?:{_RESERVED})$)" + CODE_PATTERN.removeprefix("^").removesuffix("$")

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("short_code", ShortCodeConvertor())

router = APIRouter(tags=["redirects"])

REDIRECTS = Counter("shortener_redirects_total", "Short links followed to their URL.")

_LOCATION_HEADER = {
    "Location": {
        "description": "the link's URL, with characters beyond ASCII percent-encoded",
        "required": True,
        "schema": {"type": "string"},
    }
}


@router.get(
    "/{code:short_code}",
    status_code=status.HTTP_302_FOUND,
    response_class=RedirectResponse,
    responses={
        302: {"description": "Found: the link's URL is in Location", "headers": _LOCATION_HEADER},
        **problem_responses(404),
    },
)
def follow_link(code: ShortCode, session: SessionDep) -> RedirectResponse:
    url = session.scalar(
        update(Link)
        .where(Link.short_code == code)
        .values(access_count=Link.access_count + 1)
        .returning(Link.url)
    )
    session.commit()
    if url is None:
        raise _unknown(code)
    REDIRECTS.inc()
    return _redirect(url)


# Left out of the OpenAPI document, as servers that answer HEAD for every GET
# do not list it; the answer is the GET's without its body.
@router.head("/{code:short_code}", include_in_schema=False)
def check_link(code: ShortCode, session: SessionDep) -> RedirectResponse:
    url = session.scalar(select(Link.url).where(Link.short_code == code))
    if url is None:
        raise _unknown(code)
    return _redirect(url)


def _unknown(code: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"short code {code} does not exist")


def _redirect(url: str) -> RedirectResponse:
    # 302, not 301: browsers keep a 301 for good, so their later visits would go
    # uncounted and never see a changed URL. no-store says the same to caches.
    return RedirectResponse(
        location(url), status_code=status.HTTP_302_FOUND, headers={"Cache-Control": "no-store"}
    )


def location(url: str) -> str:
    """The URL as a Location header can carry it.

    Printable ASCII passes unchanged (so does an existing `%20`); any other
    character is percent-encoded as UTF-8, which turns an IRI such as
    `https://例え.jp/` into the URI that browsers decode back.
    """
    return quote(url, safe=string.punctuation)
