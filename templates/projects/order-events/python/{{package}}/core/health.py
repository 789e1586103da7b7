"""Liveness and readiness probes for orchestrators and load balancers.

`/healthz` says the process is up; `/readyz` also checks that the database and
Redis answer. The API takes orders without Redis (the outbox keeps them), but
an instance cut off from the broker is not a healthy pipeline, and says so.
"""

import logging
from typing import cast

from fastapi import APIRouter, Request, Response
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from ..broker import Broker, BrokerUnavailableError
from .problems import problem_response

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
def readyz(request: Request) -> Response | dict[str, str]:
    engine = cast(Engine, request.app.state.engine)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return problem_response(503, "the database is unavailable", headers={"Retry-After": "5"})
    try:
        cast(Broker, request.app.state.broker).ping()
    except BrokerUnavailableError as error:
        logger.warning("the message broker does not answer", extra={"error": str(error)})
        return problem_response(
            503, "the message broker is unavailable", headers={"Retry-After": "5"}
        )
    return {"status": "ok"}
