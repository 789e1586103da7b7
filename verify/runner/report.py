"""Results: one cell per combination × check, shown as a table, as failure
excerpts and as JSON, with the closing `N passed, N failed` line CI reads."""

import json
from dataclasses import dataclass, field
from pathlib import Path

CHECKS = (
    "generate", "install", "lint", "test", "testdb-guard", "contract", "collection", "schemathesis",
    "hadolint", "actionlint",
)  # fmt: skip
TAIL_LINES = 40

OK, FAIL, SKIP = "ok", "FAIL", "skip"


@dataclass
class Cell:
    status: str
    seconds: float = 0.0
    detail: str = ""  # what failed, or why it was skipped
    log: Path | None = None
    tail: list[str] = field(default_factory=list)  # the last lines of output, for failures


@dataclass
class Row:
    combination: str
    directory: Path | None  # the generated repository, while it is kept
    cells: dict[str, Cell] = field(default_factory=dict)


def tail(path: Path | None, lines: int = TAIL_LINES) -> list[str]:
    if path is None or not path.exists():
        return []
    text = path.read_text(errors="replace").splitlines()
    return text[-lines:]


def _format_cell(cell: Cell | None) -> str:
    if cell is None:
        return "-"
    if cell.status == SKIP:
        return SKIP
    return f"{cell.status} {_duration(cell.seconds)}"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f}s" if seconds < 10 else f"{seconds:.0f}s"
    return f"{int(seconds // 60)}m{int(seconds % 60):02d}s"


def counts(rows: list[Row]) -> tuple[int, int, int]:
    cells = [cell for row in rows for cell in row.cells.values()]
    return (
        sum(cell.status == OK for cell in cells),
        sum(cell.status == FAIL for cell in cells),
        sum(cell.status == SKIP for cell in cells),
    )


def failures_text(rows: list[Row]) -> str:
    out: list[str] = []
    for row in rows:
        for check, cell in row.cells.items():
            if cell.status != FAIL:
                continue
            out.append(f"--- FAIL {row.combination} {check}: {cell.detail}")
            if cell.log:
                out.append(f"    log: {cell.log}")
            out.extend(f"    | {line}" for line in cell.tail)
            out.append("")
    return "\n".join(out)


def table(rows: list[Row]) -> str:
    header = ["combination", *CHECKS]
    lines = [[row.combination, *(_format_cell(row.cells.get(check)) for check in CHECKS)] for row in rows]
    total = sum((cell.seconds for row in rows for cell in row.cells.values()), 0.0)
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]

    def render(values: list[str]) -> str:
        return "  ".join(value.ljust(width) for value, width in zip(values, widths, strict=True)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([render(header), rule, *map(render, lines), rule, f"total time in checks: {_duration(total)}"])


def time_summary(rows: list[Row], slowest: int = 10) -> str:
    """Seconds per check over every combination (total, mean, slowest cell), then the slowest cells."""
    timed = [(row.combination, check, cell) for row in rows for check, cell in row.cells.items() if cell.status != SKIP]
    if not timed:
        return ""
    lines = ["time per check (over every combination):", f"  {'check':<13} {'total':>7} {'mean':>7}  slowest"]
    for check in CHECKS:
        cells = [(combination, cell) for combination, name, cell in timed if name == check]
        if not cells:
            continue
        total = sum(cell.seconds for _, cell in cells)
        worst_combination, worst = max(cells, key=lambda item: item[1].seconds)
        lines.append(
            f"  {check:<13} {_duration(total):>7} {_duration(total / len(cells)):>7}  "
            f"{_duration(worst.seconds)} {worst_combination}"
        )
    lines.append("slowest cells:")
    ranked = sorted(timed, key=lambda item: item[2].seconds, reverse=True)[:slowest]
    lines.extend(
        f"  {_duration(cell.seconds):>7}  {combination} {check} ({cell.status})" for combination, check, cell in ranked
    )
    return "\n".join(lines)


def combination_seconds(rows: list[Row]) -> dict[str, float]:
    """How long each finished combination took in all (for the scheduler's history)."""
    return {
        row.combination: sum(cell.seconds for cell in row.cells.values())
        for row in rows
        if len(row.cells) == len(CHECKS)
    }


def summary_line(rows: list[Row]) -> str:
    passed, failed, skipped = counts(rows)
    line = f"{passed} passed, {failed} failed"
    return f"{line}, {skipped} skipped" if skipped else line


def write_json(path: Path, rows: list[Row], seconds: float, interrupted: bool) -> None:
    passed, failed, skipped = counts(rows)
    document = {
        "checks": list(CHECKS),
        "combinations": [
            {
                "combination": row.combination,
                "directory": str(row.directory) if row.directory else None,
                "checks": {
                    check: {
                        "status": cell.status,
                        "seconds": round(cell.seconds, 3),
                        "detail": cell.detail,
                        "log": str(cell.log) if cell.log else None,
                        "tail": cell.tail,
                    }
                    for check, cell in row.cells.items()
                },
            }
            for row in rows
        ],
        "passed": passed,
        "failed": failed,
        "skipped": skipped,
        "seconds": round(seconds, 3),
        "interrupted": interrupted,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
