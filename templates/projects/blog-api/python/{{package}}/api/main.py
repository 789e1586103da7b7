"""The project's endpoints, which the app factory mounts as one `router`.

The router's lifespan runs inside the app's, after the migrations: that is
when the first admin is created, before the server takes a request.
"""

from fastapi import APIRouter

from ..bootstrap import create_first_admin
from .routes import admin, articles, comments, profiles, tags, users

router = APIRouter(lifespan=create_first_admin)
router.include_router(users.router)
router.include_router(profiles.router)
# The feed before /{slug}: `feed` is a route, not an article (no slug is ever `feed`).
router.include_router(articles.router)
router.include_router(comments.router)
router.include_router(tags.router)
router.include_router(admin.router)
