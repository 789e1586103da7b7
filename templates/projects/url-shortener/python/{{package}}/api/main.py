"""The project's endpoints, which the app factory mounts as one `router`."""

from fastapi import APIRouter

from .routes import links, redirects

router = APIRouter()
router.include_router(links.router)
# Last: `/{code}` matches any single path segment, so every other route must come first.
router.include_router(redirects.router)
