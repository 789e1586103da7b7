"""Request and response bodies.

Request models are strict: `"5"` is not an integer and `19.99` is not a
price, they are 400. JSON field names are camelCase; money is integer minor
units (cents), never a float.
"""

import re
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from .cards import passes_luhn
from .core.fields import PlainText
from .core.timestamps import Timestamp

# Deliberately loose: one @, no spaces or control characters, a dot in the
# domain. Real validation is a confirmation mail; this only catches typos.
EMAIL_PATTERN = r"^[^@ \x00-\x1f\x7f]+@[^@ \x00-\x1f\x7f]+\.[^@ \x00-\x1f\x7f]+$"
MAX_PRICE_CENTS = 100_000_000
MAX_STOCK = 1_000_000
MAX_QUANTITY = 99


def _valid_email(value: str) -> str:
    if not re.fullmatch(EMAIL_PATTERN, value):
        raise ValueError("must be an email address")
    return value.lower()


Email = Annotated[
    PlainText,
    Field(max_length=254, json_schema_extra={"pattern": EMAIL_PATTERN}),
    AfterValidator(_valid_email),
]
Sku = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
ProductName = Annotated[PlainText, Field(min_length=1, max_length=200)]
Description = Annotated[PlainText, Field(max_length=5000)]
PriceCents = Annotated[int, Field(ge=1, le=MAX_PRICE_CENTS)]
Stock = Annotated[int, Field(ge=0, le=MAX_STOCK)]


class StrictBody(BaseModel):
    """A request body: types must match exactly, nothing is coerced; camelCase names."""

    model_config = ConfigDict(
        strict=True, alias_generator=to_camel, validate_by_alias=True, validate_by_name=False
    )


class Out(BaseModel):
    """A response body: snake_case attributes, camelCase JSON."""

    model_config = ConfigDict(
        from_attributes=True,
        alias_generator=to_camel,
        validate_by_alias=False,
        validate_by_name=True,
        serialize_by_alias=True,
    )


class Register(StrictBody):
    email: Email
    password: Annotated[PlainText, Field(min_length=8, max_length=128)]
    name: Annotated[PlainText, Field(min_length=1, max_length=100)]


class Login(StrictBody):
    email: Email
    # No minimum beyond non-empty: a password too short to exist is wrong (401), not malformed.
    password: Annotated[PlainText, Field(min_length=1, max_length=256)]


class Token(BaseModel):
    token: str


class ProductCreate(StrictBody):
    sku: Sku
    name: ProductName
    description: Description = ""
    price_cents: PriceCents
    stock: Stock


def _omitted_means_unchanged(schema: dict[str, Any]) -> None:
    for field in schema["properties"].values():
        field.pop("default", None)
    # At least one field: an empty PATCH changes nothing and is refused.
    schema["minProperties"] = 1


class ProductUpdate(StrictBody):
    """A PATCH body: an omitted field keeps its value (see `model_fields_set`); null is no value."""

    model_config = ConfigDict(json_schema_extra=_omitted_means_unchanged)

    name: ProductName = ""
    description: Description = ""
    price_cents: PriceCents = 1
    stock: Stock = 0
    active: bool = True

    @model_validator(mode="after")
    def _changes_something(self) -> Self:
        if not self.model_fields_set:
            raise ValueError(
                "must name at least one of name, description, priceCents, stock, active"
            )
        return self


class ProductOut(Out):
    id: int
    sku: str
    name: str
    description: str
    price_cents: int
    stock: int
    active: bool
    created_at: Timestamp
    updated_at: Timestamp


class ProductPage(BaseModel):
    data: list[ProductOut]
    page: int
    limit: int
    total: int


ProductSort = Literal["createdAt", "-createdAt", "name", "-name", "priceCents", "-priceCents"]


class CartQuantity(StrictBody):
    quantity: Annotated[int, Field(ge=0, le=MAX_QUANTITY)]


class Line(Out):
    product_id: int
    sku: str
    name: str
    unit_price_cents: int
    quantity: int
    line_total_cents: int


class CartOut(Out):
    items: list[Line]
    total_cents: int
    currency: str


OrderStatus = Literal["pending_payment", "paid", "cancelled"]


class OrderOut(Out):
    id: int
    status: OrderStatus
    items: list[Line]
    total_cents: int
    currency: str
    created_at: Timestamp
    updated_at: Timestamp


class OrderPage(BaseModel):
    data: list[OrderOut]
    page: int
    limit: int
    total: int


def _luhn(number: str) -> str:
    # The message never repeats the number: problem details must not echo card data.
    if not passes_luhn(number):
        raise ValueError("is not a valid card number (it fails the Luhn check)")
    return number


class Card(StrictBody):
    number: Annotated[str, Field(pattern=r"^[0-9]{12,19}$"), AfterValidator(_luhn)]
    exp_month: Annotated[int, Field(ge=1, le=12)]
    exp_year: Annotated[int, Field(ge=2000, le=9999)]
    cvc: Annotated[str, Field(pattern=r"^[0-9]{3,4}$")]


class PaymentCreate(StrictBody):
    card: Card


class CardOut(BaseModel):
    brand: Literal["visa", "mastercard", "amex", "unknown"]
    last4: str


PaymentStatus = Literal["pending", "succeeded", "declined"]


class PaymentOut(Out):
    id: int
    order_id: int
    status: PaymentStatus
    amount_cents: int
    currency: str
    card: CardOut
    decline_code: str | None
    created_at: Timestamp
    updated_at: Timestamp


class PaymentList(BaseModel):
    data: list[PaymentOut]


class Received(BaseModel):
    received: Literal[True] = True
