"""`/pipeline/stats`: what waits where, for operators.

The outbox rows not yet published, and for the stream its length and, per
consumer group, the messages delivered but not acknowledged (`pending`), the
entries not yet delivered (`lag`) and the dead letters (`deadLettered`).
"""

from typing import cast

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ... import store
from ...broker import STREAM, Broker, BrokerUnavailableError
from ...core.openapi import problem_responses
from ...core.problems import problem_response
from ...schemas import GroupStatsOut, PipelineStats, StreamStatsOut
from ..deps import SessionDep

router = APIRouter(tags=["pipeline"])


@router.get("/pipeline/stats", responses=problem_responses(503), response_model=PipelineStats)
def pipeline_stats(request: Request, session: SessionDep) -> PipelineStats | JSONResponse:
    broker = cast(Broker, request.app.state.broker)
    pending = store.outbox_pending(session)
    try:
        stream = broker.stats(STREAM)
    except BrokerUnavailableError:
        return problem_response(
            503, "the message broker is unavailable", headers={"Retry-After": "5"}
        )
    groups = {
        name: GroupStatsOut(pending=g.pending, lag=g.lag, dead_lettered=g.dead_lettered)
        for name, g in stream.groups.items()
    }
    return PipelineStats(
        outbox_pending=pending,
        streams={STREAM: StreamStatsOut(length=stream.length, groups=groups)},
    )
