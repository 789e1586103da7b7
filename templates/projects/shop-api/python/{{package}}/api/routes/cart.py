"""The cart: one per customer, a quantity per product, always at today's prices."""

from fastapi import APIRouter, HTTPException, status
from sqlalchemy import delete

from ...cart import cart_of
from ...core.openapi import problem_responses
from ...core.resource_ids import ResourceId
from ...core.timestamps import utc_now
from ...models import CartItem, Product
from ...schemas import CartOut, CartQuantity
from ...statements import insert_for, rows_changed
from ..auth import CurrentUser
from ..deps import SessionDep, SettingsDep

router = APIRouter(prefix="/cart", tags=["cart"])


@router.get("", responses=problem_responses(401))
def get_cart(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> CartOut:
    return cart_of(session, user.id, settings.shop_currency)


@router.put("/items/{id}", responses=problem_responses(400, 401, 404))
def put_line(
    product_id: ResourceId,
    body: CartQuantity,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> CartOut:
    """Set the line's quantity (1 to 99); 0 removes it. Unknown and inactive products are 404."""
    product = session.get(Product, product_id)
    if product is None or not product.active:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"product {product_id} does not exist")
    if body.quantity == 0:
        session.execute(
            delete(CartItem).where(CartItem.user_id == user.id, CartItem.product_id == product_id)
        )
    else:
        # One statement, so two racing PUTs of a line cannot both insert it; a line
        # keeps its place (added_at) when its quantity changes.
        statement = insert_for(session)(CartItem).values(
            user_id=user.id, product_id=product_id, quantity=body.quantity, added_at=utc_now()
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[CartItem.user_id, CartItem.product_id],
                set_={"quantity": statement.excluded.quantity},
            )
        )
    session.commit()
    return cart_of(session, user.id, settings.shop_currency)


@router.delete("/items/{id}", responses=problem_responses(401, 404))
def delete_line(
    product_id: ResourceId, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> CartOut:
    removed = session.execute(
        delete(CartItem).where(CartItem.user_id == user.id, CartItem.product_id == product_id)
    )
    if rows_changed(removed) != 1:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"product {product_id} is not in the cart")
    session.commit()
    return cart_of(session, user.id, settings.shop_currency)
