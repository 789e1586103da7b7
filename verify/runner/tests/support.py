"""What the runner's own tests share: a Context for one CombinationRun without folio or the tools."""

import tempfile
from pathlib import Path

from ..catalog import Combination
from ..postgres import Cluster
from ..processes import Processes
from ..services import Declarations, RunServices
from ..steps import CombinationRun, Context
from ..tools import Tools

ROOT = Path(__file__).resolve().parents[3]


def fake_tools(directory: Path) -> Tools:
    return Tools(
        venv=directory / "venv", actionlint=directory / "actionlint", node_bin=directory / "node", cache=directory
    )


def combination(
    variant: str, project: str = "todo-api", stack: str = "python", option: str | None = "db"
) -> Combination:
    return Combination(project=project, stack=stack, variant=variant, ci="github", extra_args=(), option=option)


def combination_run(
    work: Path,
    combo: Combination,
    cluster: Cluster | None = None,
    services: RunServices | None = None,
    folio: Path = Path("/bin/false"),
) -> CombinationRun:
    ctx = Context(
        root=ROOT,
        folio=folio,
        tools=fake_tools(work),
        processes=Processes(),
        work=work,
        postgres=cluster,
        postgres_error=None if cluster else "not started",
        services=services or RunServices(Declarations()),
        history={},
        max_examples=1,
        seed=1,
    )
    announced: list[tuple[str, str, str]] = []
    return CombinationRun(ctx, combo, lambda c, check, cell: announced.append((c, check, cell.status)))


def temporary_directory() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="folio-verify-test-")
