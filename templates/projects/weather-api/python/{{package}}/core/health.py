"""Liveness and readiness probes for orchestrators and load balancers.

`/healthz` says the process is up; `/readyz` also checks that the cache
answers (Redis, when the cache is there), so an orchestrator sees an outage
that users only feel as slower answers: a cache that is down never fails a
request.
"""

import logging
from typing import cast

from fastapi import APIRouter, Request, Response

from ..cache import CacheUnavailableError
from ..service import WeatherService
from .problems import problem_response

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
async def readyz(request: Request) -> Response | dict[str, str]:
    service = cast(WeatherService, request.app.state.weather)
    try:
        await service.ready()
    except CacheUnavailableError as error:
        logger.warning("the cache does not answer", extra={"error": str(error)})
        return problem_response(503, "the cache is unavailable", headers={"Retry-After": "5"})
    return {"status": "ok"}
