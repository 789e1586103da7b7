"""The project's endpoints, which the app factory mounts as one `router`."""

from fastapi import APIRouter

from .routes import auth, todos

router = APIRouter()
router.include_router(auth.router)
router.include_router(todos.router)
