"""GET /{code}: 302 to the stored URL, counted exactly once per redirect, under concurrency too."""

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from support import BASE_URL, assert_json, assert_problem, new_client, shorten, stats, unique_alias

CONCURRENT_REDIRECTS = 50


def test_redirect_is_302_to_the_url(client: httpx.Client) -> None:
    link = shorten(client, "https://example.com/target?from=verify#top")
    response = client.get(f"/{link['shortCode']}")
    assert response.status_code == 302, response.text
    assert response.headers.get("location") == "https://example.com/target?from=verify#top"


def test_each_redirect_counts_one_access(client: httpx.Client) -> None:
    code = shorten(client)["shortCode"]
    for expected in (1, 2, 3):
        assert client.get(f"/{code}").status_code == 302
        assert stats(client, code)["accessCount"] == expected


def test_reading_the_link_or_its_stats_does_not_count(client: httpx.Client) -> None:
    code = shorten(client)["shortCode"]
    assert client.get(f"/{code}").status_code == 302
    for _ in range(3):
        assert_json(client.get(f"/shorten/{code}"), 200)
        stats(client, code)
    assert stats(client, code)["accessCount"] == 1


def test_head_answers_like_get_and_does_not_count(client: httpx.Client) -> None:
    # docs/STACK-RULES.md: link checkers and unfurlers send HEAD; they are not visitors.
    link = shorten(client, "https://example.com/head-check")
    code = link["shortCode"]
    for _ in range(2):
        response = client.head(f"/{code}")
        assert response.status_code == 302, response.text
        assert response.headers.get("location") == "https://example.com/head-check"
    assert stats(client, code)["accessCount"] == 0
    assert client.head(f"/{unique_alias('never')}").status_code == 404


def test_an_unknown_code_is_404(client: httpx.Client) -> None:
    assert_problem(client.get(f"/{unique_alias('never')}"), 404)


def test_codes_are_case_sensitive_in_redirects(client: httpx.Client) -> None:
    alias = unique_alias("Mixed")
    shorten(client, alias=alias)
    assert_problem(client.get(f"/{alias.lower()}"), 404)
    assert_problem(client.get(f"/{alias.upper()}"), 404)


def test_concurrent_redirects_are_all_counted() -> None:
    with new_client() as client:
        link = shorten(client)
    code, url = link["shortCode"], link["url"]
    start = threading.Barrier(CONCURRENT_REDIRECTS)

    def follow(_: int) -> tuple[int, str | None]:
        # Each thread its own connection, all released at once.
        with httpx.Client(base_url=BASE_URL, timeout=60, follow_redirects=False) as own:
            start.wait(timeout=60)
            response = own.get(f"/{code}")
            return response.status_code, response.headers.get("location")

    with ThreadPoolExecutor(max_workers=CONCURRENT_REDIRECTS) as pool:
        results = list(pool.map(follow, range(CONCURRENT_REDIRECTS)))
    assert results == [(302, url)] * CONCURRENT_REDIRECTS, results
    with new_client() as client:
        assert stats(client, code)["accessCount"] == CONCURRENT_REDIRECTS
