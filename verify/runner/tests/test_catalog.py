"""A combination is project/stack/variant, the variant being a value of the project's variant option."""

import textwrap
import unittest
from pathlib import Path

from .. import catalog
from ..catalog import AWKWARD_AUTHOR, AWKWARD_DESCRIPTION, SelectionError
from .support import ROOT, temporary_directory

# Shaped like folio's tests/fixtures/cache-catalog: options db and cache, projects with one, both or neither.
CATALOG = """\
[[options]]
id = "db"
values = [{ id = "sqlite" }, { id = "postgres" }]

[[options]]
id = "cache"
values = [{ id = "memory" }, { id = "redis" }]

[[options]]
id = "ci"
values = [{ id = "github" }, { id = "none" }]

[[projects]]
id = "todo-api"
stacks = ["python", "go"]
options = { db = "sqlite", ci = "github" }

[[projects]]
id = "weather-api"
stacks = ["python", "typescript"]
options = { cache = "memory", ci = "none" }
services = ["open-meteo"]

[[projects]]
id = "both"
stacks = ["python"]
options = { cache = "redis", db = "sqlite" }

[[projects]]
id = "plain"
stacks = ["go"]
options = { ci = "github" }
"""


def load(text: str = CATALOG) -> list[catalog.Combination]:
    with temporary_directory() as tmp:
        path = Path(tmp) / "catalog.toml"
        path.write_text(textwrap.dedent(text))
        return catalog.load(path)


class Variants(unittest.TestCase):
    def test_each_value_of_the_variant_option_default_first(self) -> None:
        ids = [combination.id for combination in load()]
        self.assertEqual(
            ids,
            [
                "todo-api/python/sqlite", "todo-api/python/postgres", "todo-api/go/sqlite", "todo-api/go/postgres",
                "weather-api/python/memory", "weather-api/python/redis",
                "weather-api/typescript/memory", "weather-api/typescript/redis",
                "both/python/sqlite", "both/python/postgres",
                "plain/go/default",
            ],
        )  # fmt: skip

    def test_the_default_gets_the_awkward_text_the_others_their_flag(self) -> None:
        by_id = {combination.id: combination for combination in load()}
        awkward = ("--description", AWKWARD_DESCRIPTION, "--author", AWKWARD_AUTHOR)
        self.assertEqual(by_id["weather-api/python/memory"].extra_args, awkward)
        self.assertEqual(by_id["weather-api/python/redis"].extra_args, ("--cache", "redis"))
        self.assertEqual(by_id["todo-api/go/postgres"].extra_args, ("--db", "postgres"))
        self.assertEqual(by_id["both/python/postgres"].extra_args, ("--db", "postgres"))  # cache stays redis
        self.assertEqual(by_id["plain/go/default"].extra_args, awkward)
        self.assertEqual(by_id["weather-api/typescript/redis"].ci, "none")

    def test_what_a_variant_is_and_needs(self) -> None:
        by_id = {combination.id: combination for combination in load()}
        redis, memory = by_id["weather-api/python/redis"], by_id["weather-api/python/memory"]
        self.assertEqual((redis.option, redis.services, redis.db, redis.postgres), ("cache", ("redis",), None, False))
        self.assertEqual((memory.services, memory.db), ((), None))
        self.assertEqual(redis.slug, "weather-api-python-redis")
        postgres = by_id["todo-api/python/postgres"]
        self.assertEqual((postgres.db, postgres.postgres, postgres.services), ("postgres", True, ()))
        self.assertEqual(by_id["todo-api/python/sqlite"].db, "sqlite")
        # A default that needs a service brings it to every variant (here cache = "redis" beside db).
        self.assertEqual(by_id["both/python/sqlite"].services, ("redis",))
        self.assertEqual(by_id["both/python/postgres"].services, ("redis",))
        plain = by_id["plain/go/default"]
        self.assertEqual((plain.option, plain.db, plain.variant), (None, None, "default"))

    def test_the_repository_s_catalog_keeps_its_ids(self) -> None:
        for combination in catalog.load(ROOT / "catalog.toml"):
            if combination.option == "db":
                self.assertIn(combination.variant, ("sqlite", "postgres"))
                self.assertEqual(combination.id, f"{combination.project}/{combination.stack}/{combination.variant}")


class Selection(unittest.TestCase):
    def test_only_matches_project_stack_and_variant(self) -> None:
        combinations = load()
        chosen = [c.id for c in catalog.select(combinations, ["weather-api/python/redis"])]
        self.assertEqual(chosen, ["weather-api/python/redis"])
        chosen = [c.id for c in catalog.select(combinations, ["weather-api/typescript", "todo-api/go/sqlite"])]
        self.assertEqual(
            chosen, ["weather-api/typescript/memory", "weather-api/typescript/redis", "todo-api/go/sqlite"]
        )
        with self.assertRaises(SelectionError) as raised:
            catalog.select(combinations, ["weather-api/python/postgres"])
        self.assertIn("matches no combination", str(raised.exception))
        with self.assertRaises(SelectionError) as raised:
            catalog.select(combinations, ["a/b/c/d"])
        self.assertIn("PROJECT/STACK/VARIANT", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
