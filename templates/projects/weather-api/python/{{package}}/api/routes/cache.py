"""What the cache did since the server started."""

from typing import cast

from fastapi import APIRouter, Request

from ...schemas import CacheStats
from ...service import WeatherService

router = APIRouter(prefix="/cache", tags=["cache"])


@router.get("/stats")
def get_cache_stats(request: Request) -> CacheStats:
    """Hits, misses, stale answers and calls made to the provider since the server started."""
    return cast(WeatherService, request.app.state.weather).stats()
