"""Request ids and metrics (PRODUCT.md: request ids and metrics), seen from outside.

`X-Request-Id` comes back on every response (docs/STACK-RULES.md §5). `GET /metrics`
is Prometheus text with `http_requests_total` and `http_request_duration_seconds`
by method, route template and status, and the project's `orderevents_orders{status}`
gauge, counted in the database at scrape time (the consumers are other processes).
"""

import httpx
from observability import *  # noqa: F403 (the checks every suite shares, with their fixtures `plain` and `routes`)
from observability import assert_counted, metrics, value
from support import STATUSES, place, set_stock, settled, unique_sku


def test_errors_carry_the_request_id(plain: httpx.Client) -> None:
    missing = plain.get(f"/inventory/{unique_sku()}", headers={"X-Request-Id": "verify-404"})
    assert missing.status_code == 404 and missing.headers.get("x-request-id") == "verify-404"
    invalid = plain.post("/orders", json={}, headers={"X-Request-Id": "verify-400"})
    assert invalid.status_code == 400 and invalid.headers.get("x-request-id") == "verify-400"


def test_a_request_is_counted_under_its_route_template(plain: httpx.Client, routes: set[str]) -> None:
    assert "/orders/{id}" in routes, f"/openapi.json does not spell the route /orders/{{id}}: {sorted(routes)}"
    before = metrics(plain)
    assert plain.get(f"/orders/{2**53 - 1}").status_code == 404
    assert_counted(before, metrics(plain), "/orders/{id}", "GET", 404)


def test_orders_are_a_gauge_by_status(plain: httpx.Client) -> None:
    sku = unique_sku("gauge")
    set_stock(plain, sku, 0)
    before = metrics(plain)
    states = {have.get("status") for have, _ in before.get("orderevents_orders", [])}
    assert states <= set(STATUSES), f"orderevents_orders has statuses outside the contract's: {states}"
    settled(plain, place(plain, sku)["id"])
    after = metrics(plain)
    grew = value(after, "orderevents_orders", status="rejected") - value(
        before, "orderevents_orders", status="rejected"
    )
    assert grew >= 1, f"an order was just rejected but orderevents_orders{{status='rejected'}} did not grow: {after}"
