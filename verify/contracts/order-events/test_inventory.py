"""PUT /inventory/{sku} sets the stock a sku has; GET reads it."""

import httpx
import pytest
from support import assert_problem, set_stock, stock, unique_sku


def test_stock_is_set_read_and_overwritten(client: httpx.Client) -> None:
    sku = unique_sku()
    set_stock(client, sku, 5)
    assert stock(client, sku) == 5
    set_stock(client, sku, 0)
    assert stock(client, sku) == 0
    set_stock(client, sku, 1_000_000)
    assert stock(client, sku) == 1_000_000


def test_skus_are_case_sensitive_and_may_be_64_characters(client: httpx.Client) -> None:
    base = unique_sku("Case")
    set_stock(client, base, 3)
    set_stock(client, base.lower(), 4)
    assert stock(client, base) == 3 and stock(client, base.lower()) == 4
    longest = ("Z_-9" * 16)[:64]
    set_stock(client, longest, 1)
    assert stock(client, longest) == 1


def test_an_unknown_sku_is_a_404(client: httpx.Client) -> None:
    assert_problem(client.get(f"/inventory/{unique_sku()}"), 404)


@pytest.mark.parametrize(
    "body",
    [{}, {"available": -1}, {"available": 1.5}, {"available": "3"}, {"available": None}, {"available": True}],
    ids=["missing", "negative", "float", "string", "null", "bool"],
)
def test_a_bad_stock_is_a_400(client: httpx.Client, body: dict) -> None:
    sku = unique_sku()
    assert_problem(client.put(f"/inventory/{sku}", json=body), 400, {"available"})
    assert client.get(f"/inventory/{sku}").status_code == 404, "a refused PUT created the sku"


@pytest.mark.parametrize("sku", ["A" * 65, "has%20space", "%C3%A9cole", "semi;colon"], ids=["65", "space", "é", ";"])
def test_a_sku_outside_the_rule_is_refused(client: httpx.Client, sku: str) -> None:
    response = client.put(f"/inventory/{sku}", json={"available": 1})
    assert response.status_code in (400, 404), f"PUT /inventory/{sku}: {response.status_code} {response.text}"
    assert_problem(response, response.status_code)
