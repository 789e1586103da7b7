"""`scripts/verify`: the template verification matrix.

For every combination the catalog lists (or those chosen with --only), generate
the project with the freshly built folio and check it as its user and CI would;
print a table of combination × check, the failures with the end of their
output, and the closing `N passed, N failed` line. Exit 1 if any cell failed,
130 when interrupted, 2 on a usage error.
"""

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from pathlib import Path
from types import FrameType

from . import catalog, report, schedule, services, tools
from .postgres import Cluster, PostgresError
from .processes import Cancelled, Processes
from .report import OK, Cell, Row
from .steps import CombinationRun, Context

ROOT = Path(__file__).resolve().parents[2]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="scripts/verify",
        description="Generate every catalog combination and check it: install, lint, test, "
        "contract suite, schemathesis, hadolint, actionlint.",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="PROJECT[/STACK[/VARIANT]]",
        help="verify only these combinations (repeatable), e.g. todo-api, todo-api/python/postgres "
        "or weather-api/go/redis",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories and logs")
    parser.add_argument(
        "--max-examples", type=int, default=20, metavar="N", help="schemathesis test cases per operation (20)"
    )
    parser.add_argument("--seed", type=int, default=1, help="schemathesis seed, for reproducible runs (1)")
    parser.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="combinations verified at once (1; each uses ~1 core)"
    )
    parser.add_argument("--list", action="store_true", help="print the combinations and exit")
    return parser.parse_args(argv)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


_print_lock = threading.Lock()


def _announce(combination: str, check: str, cell: Cell) -> None:
    seconds = f" ({cell.seconds:.1f}s)" if cell.status != "skip" else ""
    detail = f": {cell.detail}" if cell.detail and cell.status != OK else ""
    with _print_lock:
        print(f"{combination:<32} {check:<13} {cell.status}{seconds}{detail}", flush=True)


def _verify_all(ctx: Context, combinations: list[catalog.Combination], jobs: int, rows: list[Row]) -> None:
    """Verify every combination on a pool of `jobs` workers, the longest expected first.

    A worker takes the next combination as soon as it is done with one, so the cores stay
    busy until the queue is empty; the table keeps the catalog's order."""
    runs = {combination: CombinationRun(ctx, combination, _announce) for combination in combinations}
    rows.extend(run.row for run in runs.values())
    order = [runs[combination] for combination in schedule.longest_first(combinations, ctx.history)]
    if jobs <= 1:
        for run in order:
            run.run()
        return
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending = {pool.submit(run.run) for run in order}
        try:
            while pending:
                # A timeout keeps the main thread responsive to Ctrl-C.
                done, pending = wait(pending, timeout=0.5, return_when=FIRST_EXCEPTION)
                for future in done:
                    future.result()
        except BaseException:
            ctx.processes.cancel()
            for future in pending:
                future.cancel()
            raise


def folio_executable(cargo_output: str) -> Path | None:
    """The path of the folio binary from `cargo build --message-format=json…` output.

    Cargo says where it put the binary, which honours CARGO_TARGET_DIR, `build.target-dir`
    and `--target` alike; the lines that are not JSON (diagnostics) are skipped."""
    found: Path | None = None
    for line in cargo_output.splitlines():
        if not line.startswith("{"):
            continue
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if message.get("reason") != "compiler-artifact" or not message.get("executable"):
            continue
        if message.get("target", {}).get("name") == "folio" and "bin" in message.get("target", {}).get("kind", []):
            found = Path(message["executable"])
    return found


def _build_folio(processes: Processes, work: Path) -> Path | None:
    print("verify: building folio (cargo build --release --locked)", flush=True)
    log = work / "logs" / "build.log"
    command = ["cargo", "build", "--release", "--locked", "--message-format=json-render-diagnostics"]
    outcome = processes.run(command, cwd=ROOT, env=dict(os.environ), log=log, timeout=1800)
    if not outcome.ok:
        print("error: building folio failed:", *report.tail(log), sep="\n", file=sys.stderr)
        return None
    folio = folio_executable(log.read_text(errors="replace"))
    if folio is None or not folio.exists():
        print(f"error: cargo built folio but did not say where (see {log})", file=sys.stderr)
        return None
    return folio


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    try:
        combinations = catalog.select(catalog.load(ROOT / "catalog.toml"), args.only)
    except catalog.SelectionError as error:
        print(f"error: {error}\n\nhint: run `scripts/verify --list` to see every combination", file=sys.stderr)
        return 2
    if args.list:
        print("\n".join(combination.id for combination in combinations))
        return 0
    try:
        declared = services.load(ROOT / "verify" / "services.toml", catalog.project_services(ROOT / "catalog.toml"))
    except services.ServiceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    # SIGINT too: a background job starts with it ignored, and `kill -INT` should still stop it cleanly.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:  # respect nohup
        signal.signal(signal.SIGHUP, _interrupt)
    processes = Processes()
    work = Path(tempfile.mkdtemp(prefix="folio-verify-"))
    cluster: Cluster | None = None
    run_services = services.RunServices(declared)
    rows: list[Row] = []
    interrupted = False
    setup_failed = False
    started = time.monotonic()
    try:
        folio = _build_folio(processes, work)
        if folio is None:
            setup_failed = True
            return 1
        try:
            wants_newman = any("newman" in declared.of(c.project).tools for c in combinations)
            installed = tools.ensure(ROOT, newman=wants_newman)
        except tools.ToolError as error:
            print(f"error: installing the checking tools failed: {error}", error.output, sep="\n", file=sys.stderr)
            setup_failed = True
            return 1
        postgres_error = None
        if any(combination.postgres for combination in combinations):
            try:
                cluster = Cluster()
                cluster.start()
                print(f"verify: PostgreSQL {cluster.bin.parent.name} on 127.0.0.1:{cluster.port}", flush=True)
            except PostgresError as error:
                postgres_error = f"{error}\n{error.output}".strip()
                print(f"verify: PostgreSQL could not start: {postgres_error}", file=sys.stderr, flush=True)
        for line in run_services.start(combinations, installed.python, work / "logs"):
            print(f"verify: {line}", flush=True)
        for name, why in run_services.errors.items():
            print(f"verify: {name} could not start: {why}", file=sys.stderr, flush=True)
        ctx = Context(
            root=ROOT,
            folio=folio,
            tools=installed,
            processes=processes,
            work=work,
            postgres=cluster,
            postgres_error=postgres_error,
            services=run_services,
            history=schedule.load_history(installed.cache),
            max_examples=args.max_examples,
            seed=args.seed,
        )
        _verify_all(ctx, combinations, args.jobs, rows)
        schedule.save_history(installed.cache, report.combination_seconds(rows))
    except (KeyboardInterrupt, Cancelled):
        interrupted = True
        print("\nverify: interrupted; stopping everything it started", file=sys.stderr, flush=True)
    finally:
        # A second Ctrl-C must not cut the clean-up short.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        processes.cancel()
        run_services.stop()
        if cluster is not None:
            cluster.stop()
        if args.keep:
            print(f"\nverify: kept the generated repositories and logs in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            for row in rows:
                row.directory = None
                for cell in row.cells.values():
                    cell.log = None
        if not setup_failed:
            _finish(rows, args, time.monotonic() - started, interrupted)
    if interrupted:
        return 130
    return 1 if report.counts(rows)[1] else 0


def _finish(rows: list[Row], args: argparse.Namespace, seconds: float, interrupted: bool) -> None:
    failures = report.failures_text(rows)
    if failures:
        print("\n" + failures)
    print("\n" + report.table(rows))
    summary = report.time_summary(rows)
    if summary:
        print("\n" + summary)
    print(f"wall time: {seconds:.0f}s{' (interrupted)' if interrupted else ''}")
    if args.json:
        report.write_json(args.json, rows, seconds, interrupted)
        print(f"results written to {args.json}")
    print(report.summary_line(rows), flush=True)
