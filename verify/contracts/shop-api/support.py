"""What every shop-api test shares: clients from their own loopback addresses, accounts,
problem details, the shapes of a product, cart, order and payment with money in integer
minor units only, admin-made products, and signed webhook events."""

import hashlib
import hmac
import json
import os
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from timestamps import assert_recent, parse_timestamp
from clients import BASE_URL, new_client

AUTH_LIMIT = int(os.environ.get("AUTH_RATE_LIMIT_PER_MINUTE", "20"))
ADMIN_EMAIL = os.environ["ADMIN_EMAIL"]
ADMIN_PASSWORD = os.environ["ADMIN_PASSWORD"]
WEBHOOK_SECRET = os.environ["PAYMENT_WEBHOOK_SECRET"]
SETTLE_SECONDS = float(os.environ.get("PAYMENT_SETTLE_SECONDS", "2"))
CURRENCY = os.environ.get("SHOP_CURRENCY", "USD")
PASSWORD = "correct horse battery staple"

PRODUCT_KEYS = {"id", "sku", "name", "description", "priceCents", "stock", "active", "createdAt", "updatedAt"}
LINE_KEYS = {"productId", "sku", "name", "unitPriceCents", "quantity", "lineTotalCents"}
ORDER_KEYS = {"id", "status", "items", "totalCents", "currency", "createdAt", "updatedAt"}
PAYMENT_KEYS = {"id", "orderId", "status", "amountCents", "currency", "card", "declineCode", "createdAt", "updatedAt"}
LEAKS = ("Traceback", "sqlalchemy", "psycopg", "sqlite3.", "SELECT ", "INSERT INTO", "node_modules", "goroutine")

CARDS = {
    "succeeds": "4242424242424242",
    "declined": "4000000000000002",
    "insufficient_funds": "4000000000009995",
    "pending": "4000000000003220",
    "other_valid": "5555555555554444",  # passes Luhn: succeeds
}


def unique(prefix: str = "x") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _no_floats(text: str) -> Any:
    def refuse(number: str) -> float:
        raise AssertionError(f"a JSON number with a fraction or exponent ({number}): money is integer minor units")

    return json.loads(text, parse_float=refuse)


def assert_json(response: httpx.Response, status: int) -> Any:
    """The body of a JSON answer with this status; no number in it may be a float."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/json", f"Content-Type {media_type!r}, expected application/json"
    for number in CARDS.values():
        assert number not in response.text, f"a full card number is returned: {response.text}"
    return _no_floats(response.text)


def assert_problem(response: httpx.Response, status: int, fields: set[str] | None = None) -> dict[str, Any]:
    """An RFC 9457 problem; for 400 (and 409 with one) an `errors` array naming at least `fields`."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    assert media_type == "application/problem+json", f"Content-Type {media_type!r}, expected application/problem+json"
    for leak in LEAKS:
        assert leak not in response.text, f"the problem leaks internals ({leak!r}): {response.text}"
    body = response.json()
    assert body.get("status") == status and isinstance(body.get("title"), str), body
    if status == 400 or "errors" in body:
        errors = body.get("errors")
        assert isinstance(errors, list) and errors, f"no `errors` array: {body}"
        named = {error.get("field") for error in errors}
        missing = (fields or set()) - named
        assert not missing, f"`errors` does not name {sorted(missing)}: {errors}"
    return body


def assert_product(product: Any) -> dict[str, Any]:
    assert isinstance(product, dict) and set(product) == PRODUCT_KEYS, (
        f"a product has exactly {sorted(PRODUCT_KEYS)}: {product}"
    )
    assert type(product["id"]) is int and type(product["priceCents"]) is int and type(product["stock"]) is int, product
    assert type(product["active"]) is bool, product
    assert_recent(product["createdAt"])
    assert_recent(product["updatedAt"])
    return product


def assert_lines(items: Any) -> None:
    assert isinstance(items, list), items
    for line in items:
        assert set(line) == LINE_KEYS, f"a line has exactly {sorted(LINE_KEYS)}: {line}"
        assert all(type(line[k]) is int for k in ("productId", "unitPriceCents", "quantity", "lineTotalCents")), line
        assert line["lineTotalCents"] == line["unitPriceCents"] * line["quantity"], line


def assert_cart(cart: Any) -> dict[str, Any]:
    assert isinstance(cart, dict) and set(cart) == {"items", "totalCents", "currency"}, cart
    assert_lines(cart["items"])
    assert type(cart["totalCents"]) is int and cart["totalCents"] == sum(l["lineTotalCents"] for l in cart["items"]), (
        cart
    )
    assert cart["currency"] == CURRENCY, cart
    return cart


def assert_order(order: Any) -> dict[str, Any]:
    assert isinstance(order, dict) and set(order) == ORDER_KEYS, f"an order has exactly {sorted(ORDER_KEYS)}: {order}"
    assert order["status"] in ("pending_payment", "paid", "cancelled"), order
    assert_lines(order["items"])
    assert order["totalCents"] == sum(l["lineTotalCents"] for l in order["items"]) and order["currency"] == CURRENCY
    assert_recent(order["createdAt"])
    return order


def assert_payment(payment: Any) -> dict[str, Any]:
    assert isinstance(payment, dict) and set(payment) == PAYMENT_KEYS, (
        f"a payment has exactly {sorted(PAYMENT_KEYS)}: {payment}"
    )
    assert payment["status"] in ("pending", "succeeded", "declined"), payment
    assert (payment["declineCode"] is None) == (payment["status"] != "declined"), payment
    assert set(payment["card"]) == {"brand", "last4"} and re.fullmatch(r"\d{4}", payment["card"]["last4"]), payment
    assert type(payment["amountCents"]) is int and payment["currency"] == CURRENCY, payment
    return payment


def register(client: httpx.Client) -> dict[str, str]:
    body = {"email": f"{unique('buyer')}@example.com", "password": PASSWORD, "name": "Buyer"}
    token = assert_json(client.post("/auth/register", json=body), 201)["token"]
    return bearer(token)


def login(client: httpx.Client, email: str, password: str) -> dict[str, str]:
    return bearer(assert_json(client.post("/auth/login", json={"email": email, "password": password}), 200)["token"])


def create_product(
    client: httpx.Client, admin: dict[str, str], price: int = 1999, stock: int = 100, **extra: Any
) -> dict[str, Any]:
    body = {"sku": unique("SKU"), "name": extra.pop("name", "Verify mug"), "priceCents": price, "stock": stock, **extra}
    return assert_product(assert_json(client.post("/products", json=body, headers=admin), 201))


def put_line(client: httpx.Client, customer: dict[str, str], product_id: int, quantity: int) -> httpx.Response:
    return client.put(f"/cart/items/{product_id}", json={"quantity": quantity}, headers=customer)


def checkout(client: httpx.Client, customer: dict[str, str], key: str | None = None) -> httpx.Response:
    return client.post("/orders", json={}, headers={**customer, "Idempotency-Key": key or unique("order")})


def card(kind: str = "succeeds", **override: Any) -> dict[str, Any]:
    return {
        "card": {"number": CARDS[kind], "expMonth": 12, "expYear": datetime.now(UTC).year + 2, "cvc": "123", **override}
    }


def pay(
    client: httpx.Client, customer: dict[str, str], order_id: int, body: dict[str, Any], key: str | None = None
) -> httpx.Response:
    return client.post(
        f"/orders/{order_id}/payments", json=body, headers={**customer, "Idempotency-Key": key or unique("pay")}
    )


def product(client: httpx.Client, product_id: int, admin: dict[str, str]) -> dict[str, Any]:
    return assert_product(assert_json(client.get(f"/products/{product_id}", headers=admin), 200))


def sign(raw: bytes, at: int | None = None, secret: str = WEBHOOK_SECRET) -> str:
    """`Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`."""
    t = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{t}.".encode() + raw, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def send_event(client: httpx.Client, event: dict[str, Any], signature: str | None = None) -> httpx.Response:
    raw = json.dumps(event, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", "Webhook-Signature": signature or sign(raw)}
    return client.post("/webhooks/payments", content=raw, headers=headers)


def wait_for(check: Any, seconds: float) -> Any:
    """Poll `check()` until it returns something truthy, or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        assert time.monotonic() < deadline, f"not within {seconds:.0f} s"
        time.sleep(0.2)
