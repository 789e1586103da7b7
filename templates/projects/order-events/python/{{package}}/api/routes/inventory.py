"""Stock per sku: set it (the whole figure, not a delta) and read it.

A sku outside the rule is answered 400 naming `sku`, as the other stacks do,
rather than the 404 of an id that cannot exist.
"""

from fastapi import APIRouter, HTTPException, Path, status
from fastapi.responses import JSONResponse

from ... import store
from ...core.openapi import problem_responses
from ...core.problems import FieldError, problem_response
from ...models import Stock
from ...schemas import SKU_PATTERN, StockIn, StockOut, is_sku
from ..deps import SessionDep

router = APIRouter(tags=["inventory"])

# Documented, and checked in the handler so that a bad sku is a 400, not a 404.
SkuPath = Path(
    description="1-64 characters of A-Z, a-z, 0-9, _ and -",
    json_schema_extra={"pattern": SKU_PATTERN},
)


def _bad_sku() -> JSONResponse:
    return problem_response(
        400,
        "the request is invalid",
        errors=[
            FieldError(field="sku", message="must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -")
        ],
    )


@router.put("/inventory/{sku}", responses={**problem_responses(400)}, response_model=StockOut)
def set_stock(body: StockIn, session: SessionDep, sku: str = SkuPath) -> StockOut | JSONResponse:
    if not is_sku(sku):
        return _bad_sku()
    store.set_stock(session, sku, body.available)
    return StockOut(sku=sku, available=body.available)


@router.get("/inventory/{sku}", responses={**problem_responses(400, 404)}, response_model=StockOut)
def get_stock(session: SessionDep, sku: str = SkuPath) -> StockOut | JSONResponse:
    if not is_sku(sku):
        return _bad_sku()
    stock = session.get(Stock, sku)
    if stock is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"sku {sku} has no stock record")
    return StockOut(sku=stock.sku, available=stock.available)
