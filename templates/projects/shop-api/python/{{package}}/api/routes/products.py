"""Products: anyone lists the active ones and reads one; admins add and change them."""

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.responses import JSONResponse
from sqlalchemy import Select, SQLColumnExpression, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...core.fields import PlainText
from ...core.openapi import problem_responses
from ...core.query import query_int
from ...core.resource_ids import ResourceId
from ...core.timestamps import later_than, utc_now
from ...models import Product
from ...problems import FieldsProblemError
from ...schemas import ProductCreate, ProductOut, ProductPage, ProductSort, ProductUpdate
from ..auth import TOKEN_OPTIONAL, AdminUser, Viewer, is_admin
from ..deps import SessionDep

router = APIRouter(prefix="/products", tags=["products"])


def sku_key(sku: str) -> str:
    """What makes skus unique without regard to case: they are ASCII, so lower-casing folds them."""
    return sku.lower()


def _sku_taken() -> JSONResponse:
    return FieldsProblemError(
        409,
        "another product has this sku",
        {"sku": "is taken (skus are unique without regard to case)"},
    ).response()


@router.get("", responses=problem_responses(400))
def list_products(
    session: SessionDep,
    page: Annotated[int, Query(ge=1), query_int] = 1,
    limit: Annotated[int, Query(ge=1, le=100), query_int] = 20,
    q: Annotated[PlainText | None, Query(max_length=200)] = None,
    sort: ProductSort = "createdAt",
) -> ProductPage:
    """Active products only, for everyone (admins see an inactive one by its id)."""
    query = select(Product).where(Product.active)
    if q:
        # lower() folds every Unicode letter on both backends (core/db.py gives SQLite
        # Python's); autoescape makes % and _ in the search literal characters.
        needle = q.lower()
        query = query.where(
            or_(
                func.lower(Product.name).contains(needle, autoescape=True),
                func.lower(Product.description).contains(needle, autoescape=True),
            )
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    offset = (page - 1) * limit
    # A page past the end is empty; skipping the query also keeps huge offsets out of SQL.
    products: Iterable[Product] = (
        session.scalars(_sorted(query, sort, session).offset(offset).limit(limit))
        if offset < total
        else []
    )
    return ProductPage(
        data=[ProductOut.model_validate(product) for product in products],
        page=page,
        limit=limit,
        total=total,
    )


def _sorted(query: Select[Product], sort: str, session: Session) -> Select[Product]:
    field = sort.removeprefix("-")
    key: SQLColumnExpression[Any] = {
        "name": Product.name,
        "priceCents": Product.price_cents,
        "createdAt": Product.created_at,
    }[field]
    if field == "name" and session.get_bind().dialect.name == "postgresql":
        # Code-point order, as SQLite sorts, rather than the server locale's order.
        key = Product.name.collate("C")
    # Ties are broken by id, ascending for an ascending sort and descending for a
    # descending one, so pages never overlap or skip.
    if sort.startswith("-"):
        return query.order_by(key.desc(), Product.id.desc())
    return query.order_by(key.asc(), Product.id.asc())


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 409),
    response_model=ProductOut,
)
def create_product(
    body: ProductCreate, admin: AdminUser, session: SessionDep
) -> ProductOut | JSONResponse:
    now = utc_now()
    product = Product(
        sku=body.sku,
        sku_key=sku_key(body.sku),
        name=body.name,
        description=body.description,
        price_cents=body.price_cents,
        stock=body.stock,
        active=True,
        created_at=now,
        updated_at=now,
    )
    session.add(product)
    try:
        session.commit()
    except IntegrityError:
        # The unique index on the folded sku decides, so two racing admins cannot both win.
        session.rollback()
        return _sku_taken()
    return ProductOut.model_validate(product)


def _product(session: Session, product_id: int, *, inactive_too: bool) -> Product:
    product = session.get(Product, product_id)
    if product is None or not (product.active or inactive_too):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"product {product_id} does not exist")
    return product


@router.get("/{id}", responses=problem_responses(401, 404), openapi_extra=TOKEN_OPTIONAL)
def get_product(product_id: ResourceId, viewer: Viewer, session: SessionDep) -> ProductOut:
    """An inactive product is 404, except to an admin."""
    return ProductOut.model_validate(_product(session, product_id, inactive_too=is_admin(viewer)))


@router.patch("/{id}", responses=problem_responses(400, 401, 403, 404))
def update_product(
    product_id: ResourceId, body: ProductUpdate, admin: AdminUser, session: SessionDep
) -> ProductOut:
    product = _product(session, product_id, inactive_too=True)
    for field in body.model_fields_set:
        setattr(product, field, getattr(body, field))
    product.updated_at = later_than(product.updated_at)
    session.commit()
    return ProductOut.model_validate(product)
