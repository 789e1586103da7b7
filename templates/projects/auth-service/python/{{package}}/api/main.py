"""The project's endpoints, which the app factory mounts as one `router`.

The router's lifespan runs inside the app's, after the migrations: that is
when the first admin is created, before the server takes a request.
"""

from fastapi import APIRouter

from ..bootstrap import create_first_admin
from .routes import auth, users

router = APIRouter(lifespan=create_first_admin)
router.include_router(auth.router)
router.include_router(users.router)
