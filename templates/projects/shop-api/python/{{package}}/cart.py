"""The caller's cart, read at today's prices; checkout reads it too."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import CartItem, Product
from .schemas import CartOut, Line


def cart_lines(session: Session, user_id: int) -> list[tuple[CartItem, Product]]:
    """The cart's lines with their products, in the order they were first added."""
    rows = session.execute(
        select(CartItem, Product)
        .join(Product, Product.id == CartItem.product_id)
        .where(CartItem.user_id == user_id)
        .order_by(CartItem.added_at, CartItem.product_id)
    )
    return [(item, product) for item, product in rows]


def line_of(product: Product, quantity: int, unit_price_cents: int | None = None) -> Line:
    price = product.price_cents if unit_price_cents is None else unit_price_cents
    return Line(
        product_id=product.id,
        sku=product.sku,
        name=product.name,
        unit_price_cents=price,
        quantity=quantity,
        line_total_cents=price * quantity,
    )


def cart_of(session: Session, user_id: int, currency: str) -> CartOut:
    # A line whose product became inactive stays, at its current price; checkout refuses it.
    lines = [line_of(product, item.quantity) for item, product in cart_lines(session, user_id)]
    return CartOut(
        items=lines, total_cents=sum(line.line_total_cents for line in lines), currency=currency
    )
