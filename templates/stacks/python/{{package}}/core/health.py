"""Liveness and readiness probes for orchestrators and load balancers.

`/healthz` says the process is up; `/readyz` also checks that the database
answers, so traffic is only routed to an instance that can serve it.
"""

from typing import cast

from fastapi import APIRouter, Request, Response
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from .problems import problem_response

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
    return {"status": "ok"}
