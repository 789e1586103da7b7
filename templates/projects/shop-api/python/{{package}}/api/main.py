"""The project's endpoints, which the app factory mounts as one `router`.

The router's lifespan runs inside the app's, after the migrations: the first
admin is created, and the payment simulator starts (scheduling every payment
still pending), before the server takes a request; on shutdown its timers stop.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import cast

from fastapi import APIRouter, FastAPI
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from ..bootstrap import ensure_admin
from ..core import passwords
from ..core.config import Settings
from ..models import PENDING, Payment
from ..simulator import Settler
from .routes import auth, cart, orders, payments, products, webhooks


def _pending_payments(sessions: sessionmaker[Session]) -> list[int]:
    with sessions() as session:
        return list(session.scalars(select(Payment.id).where(Payment.status == PENDING)))


@asynccontextmanager
async def start_shop(app: FastAPI) -> AsyncIterator[None]:
    settings = cast(Settings, app.state.settings)
    sessions = cast(sessionmaker[Session], app.state.sessions)
    passwords.limit_concurrency(settings.password_hash_concurrency)
    if settings.admin_email is not None and settings.admin_password is not None:
        await run_in_threadpool(
            ensure_admin, sessions, settings.admin_email, settings.admin_password
        )
    settler = Settler(
        settings.webhook_url,
        settings.payment_webhook_secret,
        settings.payment_settle_seconds,
        getattr(app.state, "settlement_backoff", None),
    )
    app.state.settler = settler
    await settler.start()
    # A restart strands no payment: every one still pending is scheduled again.
    for payment_id in await run_in_threadpool(_pending_payments, sessions):
        settler.schedule(payment_id)
    try:
        yield
    finally:
        await settler.close()


router = APIRouter(lifespan=start_shop)
router.include_router(auth.router)
router.include_router(products.router)
router.include_router(cart.router)
router.include_router(orders.router)
router.include_router(payments.router)
router.include_router(webhooks.router)
