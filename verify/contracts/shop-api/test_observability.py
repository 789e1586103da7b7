"""Request ids and metrics (PRODUCT.md: request ids and metrics), seen from outside.

`X-Request-Id` comes back on every response; `GET /metrics` is Prometheus text with
`http_requests_total` and `http_request_duration_seconds` by method, route template and
status, and the shop's own: `shop_payments_total{status}` (each payment made, by the status
the simulator gave it: succeeded, declined, pending) and `shop_webhook_events_total{outcome}`
(each signed event received: `applied` when it settled a pending payment, `ignored` when the
payment had settled already, `duplicate` when its id was seen before).
"""

import uuid

import httpx
from observability import *  # noqa: F403 (the checks every suite shares, with their fixtures `plain` and `routes`)
from observability import assert_counted, metrics, value
from support import assert_json, card, checkout, create_product, pay, put_line, send_event


def test_errors_carry_the_request_id(plain: httpx.Client) -> None:
    unauthenticated = plain.get("/cart", headers={"X-Request-Id": "verify-401"})
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers.get("x-request-id") == "verify-401"


def test_a_request_is_counted_under_its_route_template(
    plain: httpx.Client, routes: set[str], customer: dict[str, str]
) -> None:
    assert "/orders/{id}" in routes, f"/openapi.json does not spell the route /orders/{{id}}: {sorted(routes)}"
    before = metrics(plain)
    assert plain.get("/orders/987654321", headers=customer).status_code == 404
    assert_counted(before, metrics(plain), "/orders/{id}", "GET", 404)


def test_payments_are_counted_by_status_and_events_by_outcome(
    plain: httpx.Client, admin: dict[str, str], customer: dict[str, str]
) -> None:
    made = create_product(plain, admin, stock=10)
    before = metrics(plain)
    for kind in ("declined", "succeeds"):
        put_line(plain, customer, made["id"], 1)
        order = assert_json(checkout(plain, customer), 201)
        payment = assert_json(pay(plain, customer, order["id"], card(kind)), 201)
    event = {"id": f"evt_{uuid.uuid4().hex}", "type": "payment.failed", "data": {"paymentId": payment["id"]}}
    for _ in range(2):  # the payment has settled: the first is ignored, the second a duplicate
        assert assert_json(send_event(plain, event), 200) == {"received": True}
    after = metrics(plain)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("shop_payments_total", status="succeeded") == 1, after.get("shop_payments_total")
    assert grew("shop_payments_total", status="declined") == 1, after.get("shop_payments_total")
    assert grew("shop_webhook_events_total", outcome="duplicate") == 1, after.get("shop_webhook_events_total")
