"""The project's endpoints, which the app factory mounts as one `router`."""

from fastapi import APIRouter

from .routes import cache, weather

router = APIRouter()
router.include_router(weather.router)
router.include_router(cache.router)
