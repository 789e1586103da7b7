"""The project's endpoints, which the app factory mounts as one `router`."""

from fastapi import APIRouter

from .routes import inventory, notifications, orders, pipeline

router = APIRouter()
router.include_router(orders.router)
router.include_router(inventory.router)
router.include_router(notifications.router)
router.include_router(pipeline.router)
