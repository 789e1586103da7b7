"""The project's endpoints, which the app factory mounts as one `router`."""

from fastapi import APIRouter

from .routes import auth, rooms, websocket

router = APIRouter()
router.include_router(auth.router)
router.include_router(rooms.router)
router.include_router(websocket.router)
