"""The test-database guard fails a project whose `make test` touches a database it was not
given as a throwaway one, and passes one that refuses as PRODUCT.md says (tests never touch the development database)."""

import os
import shutil
import textwrap
import unittest
from pathlib import Path

from .. import guard
from ..postgres import Cluster, _bin_dir
from ..report import FAIL, OK
from .support import combination, combination_run, temporary_directory

REFUSING = """\
test:
\t@if [ -z "$$TEST_DATABASE_URL" ]; then echo "TEST_DATABASE_URL is not set: the tests reset their database, so they never use DATABASE_URL."; exit 2; fi
\t@name=$${TEST_DATABASE_URL##*/}; case "$$name" in *_test) ;; *) echo "refusing to reset database \\"$$name\\" from TEST_DATABASE_URL: its name must end in _test"; exit 2;; esac
"""

# Runs its "tests" against whatever DATABASE_URL says: the bug the guard exists for.
WIPES = """\
test:
\tpsql -X -q "$${TEST_DATABASE_URL:-$$DATABASE_URL}" -c "DROP TABLE IF EXISTS folio_verify_sentinel"
"""

# Refuses, but only after its migrations ran against the database.
MIGRATES_FIRST = """\
test:
\tpsql -X -q "$${TEST_DATABASE_URL:-$$DATABASE_URL}" -c "CREATE TABLE IF NOT EXISTS todos (id int)"
\t@echo "TEST_DATABASE_URL is not set"; echo 'refusing to reset database "verify_todo_api_python_postgres_dev" from TEST_DATABASE_URL'; exit 1
"""

MUMBLES = """\
test:
\t@echo "no database configured"; exit 1
"""


@unittest.skipUnless(
    _bin_dir() and (os.geteuid() != 0 or shutil.which("runuser")), "needs PostgreSQL's server binaries"
)
class PostgresGuard(unittest.TestCase):
    cluster: Cluster

    @classmethod
    def setUpClass(cls) -> None:
        cls.cluster = Cluster()
        cls.cluster.start()
        os.environ["PATH"] = f"{cls.cluster.bin}{os.pathsep}{os.environ['PATH']}"  # psql for the Makefiles

    @classmethod
    def tearDownClass(cls) -> None:
        cls.cluster.stop()

    def guard_cell(self, makefile: str) -> tuple[str, str]:
        with temporary_directory() as tmp:
            run = combination_run(Path(tmp), combination("postgres"), self.cluster)
            run.repo.mkdir(parents=True)
            (run.repo / "Makefile").write_text(makefile)
            try:
                cell = run._testdb_guard()
            finally:
                for name in run._databases:
                    self.cluster.drop_database(name)
            return cell.status, cell.detail

    def test_a_project_that_refuses_both_ways_passes(self) -> None:
        self.assertEqual(self.guard_cell(REFUSING), (OK, ""))

    def test_a_project_that_resets_the_database_it_is_pointed_at_fails(self) -> None:
        status, detail = self.guard_cell(WIPES)
        self.assertEqual(status, FAIL)
        self.assertIn("exited 0", detail)
        self.assertIn("sentinel table folio_verify_sentinel is gone", detail)

    def test_a_project_that_migrates_before_refusing_fails(self) -> None:
        status, detail = self.guard_cell(MIGRATES_FIRST)
        self.assertEqual(status, FAIL)
        self.assertIn("created tables in it: public.todos", detail)

    def test_a_refusal_without_the_agreed_message_fails(self) -> None:
        status, detail = self.guard_cell(MUMBLES)
        self.assertEqual(status, FAIL)
        self.assertIn("without saying `TEST_DATABASE_URL is not set`", detail)


SQLITE_WRITER = """\
test:
\t@echo "url=$$DATABASE_URL"
\tpython3 -c "import sqlite3; c = sqlite3.connect('data/app.db'); c.execute('create table if not exists todos (id integer)'); c.commit()"
"""

SQLITE_OWN_DATABASE = """\
test:
\t@echo "url=$$DATABASE_URL"
\tpython3 -c "import sqlite3, tempfile, os; d = tempfile.mkdtemp(); c = sqlite3.connect(os.path.join(d, 'test.db')); c.execute('create table t (id integer)'); c.commit()"
"""


class SqliteGuard(unittest.TestCase):
    def cells(self, makefile: str) -> tuple[str, str, bool]:
        with temporary_directory() as tmp:
            run = combination_run(Path(tmp), combination("sqlite"))
            run.repo.mkdir(parents=True)
            (run.repo / "Makefile").write_text(makefile)
            test = run._test()
            self.assertIn("url=sqlite:///./data/app.db", (run.logs / "test.log").read_text())
            cell = run._testdb_guard()
            return test.status, cell.detail if cell.status == FAIL else OK, (run.repo / "data" / "app.db").exists()

    def test_tests_on_a_database_of_their_own_pass_and_the_planted_file_is_removed(self) -> None:
        self.assertEqual(self.cells(SQLITE_OWN_DATABASE), (OK, OK, False))

    def test_tests_that_write_to_the_development_database_fail(self) -> None:
        test, guard_detail, _ = self.cells(SQLITE_WRITER)
        self.assertEqual(test, OK)
        self.assertIn("wrote to data/app.db", guard_detail)

    def test_the_project_s_own_sqlite_url_is_used(self) -> None:
        with temporary_directory() as tmp:
            example = Path(tmp) / ".env.example"
            example.write_text(
                textwrap.dedent("""\
                PORT=8000
                DATABASE_URL=sqlite:///./data/dev.sqlite3
            """)
            )
            self.assertEqual(guard.sqlite_url(example), "sqlite:///./data/dev.sqlite3")
            example.write_text("DATABASE_URL=postgres://app@localhost/app\n")
            self.assertEqual(guard.sqlite_url(example), guard.SQLITE_URL)


if __name__ == "__main__":
    unittest.main()
