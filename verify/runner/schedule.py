"""The order combinations are handed to the job pool: longest first, so that
with N jobs the last combination to start is a short one and no core idles
while one long combination finishes alone. The expected length is what the
combination took in the last run that verified it on this machine (kept in
the cache), else a guess from its stack and database."""

import json
from collections.abc import Iterable
from pathlib import Path

from .catalog import Combination

HISTORY_FILE = "timings.json"

# Seconds, from todo-api measured on 2026-12-06 (sum of its cells, on a loaded machine): Python
# 5 min (pip install, argon2-bound tests), TypeScript 3 min; Go not measured yet, guessed between
# (its first build is long, its caches are shared). PostgreSQL adds a database and the guard.
_STACK_GUESS = {"python": 300.0, "go": 220.0, "typescript": 170.0}
_POSTGRES_EXTRA = 30.0
_DEFAULT_GUESS = 240.0


def load_history(cache: Path) -> dict[str, float]:
    try:
        data = json.loads((cache / HISTORY_FILE).read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(key): float(value) for key, value in data.items() if isinstance(value, int | float)}


def save_history(cache: Path, seconds: dict[str, float]) -> None:
    """Merge this run's figures into the history (combinations not run keep theirs)."""
    history = load_history(cache)
    history.update({key: round(value, 1) for key, value in seconds.items()})
    path = cache / HISTORY_FILE
    staging = path.with_suffix(".tmp")
    staging.write_text(json.dumps(history, indent=1, sort_keys=True) + "\n")
    staging.replace(path)


def expected_seconds(combination: Combination, history: dict[str, float]) -> float:
    if combination.id in history:
        return history[combination.id]
    guess = _STACK_GUESS.get(combination.stack, _DEFAULT_GUESS)
    return guess + (_POSTGRES_EXTRA if combination.postgres else 0.0)


def longest_first(combinations: Iterable[Combination], history: dict[str, float]) -> list[Combination]:
    """Longest expected first; ties keep the catalog's order (sorted() is stable)."""
    return sorted(combinations, key=lambda combination: -expected_seconds(combination, history))
