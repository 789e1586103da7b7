"""The project's endpoints, which the app factory mounts as one `router`."""

from fastapi import APIRouter

from .routes import jobs, leases

router = APIRouter()
router.include_router(jobs.router)
router.include_router(leases.router)
