"""The combinations to verify: every project × stack of catalog.toml, with the
project's default options and, where it offers a database, with PostgreSQL."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

# User-typed text that must survive escaping into every file it lands in; the
# default variant of each combination is generated with it.
AWKWARD_DESCRIPTION = 'He said "hi" \\ {{x}} ${{ y }} 🎉\nsecond line'
AWKWARD_AUTHOR = 'Zoë "Z" O\'Brien \\ 🎉 <zoe@example.com>'


class SelectionError(Exception):
    pass


@dataclass(frozen=True)
class Combination:
    project: str
    stack: str
    db: str  # the `db` option's value, or "default" for a project without one
    ci: str  # the `ci` option's value, "github" when the project does not say
    extra_args: tuple[str, ...]  # what `folio new` gets beyond the defaults

    @property
    def id(self) -> str:
        return f"{self.project}/{self.stack}/{self.db}"

    @property
    def slug(self) -> str:
        return f"{self.project}-{self.stack}-{self.db}"

    @property
    def postgres(self) -> bool:
        return self.db == "postgres"

    def new_command(self, folio: Path, output: Path) -> list[str]:
        return [
            str(folio), "new", self.project,
            "--stack", self.stack,
            "--name", f"verify-{self.project}",
            "--output", str(output),
            "--no-input",
            *self.extra_args,
        ]  # fmt: skip


def project_services(catalog: Path) -> dict[str, tuple[str, ...]]:
    """Each project's `services` (beyond the database its `db` option brings), by project id."""
    with catalog.open("rb") as file:
        data = tomllib.load(file)
    return {project["id"]: tuple(project.get("services", [])) for project in data.get("projects", [])}


def load(catalog: Path) -> list[Combination]:
    with catalog.open("rb") as file:
        data = tomllib.load(file)
    combinations = []
    for project in data.get("projects", []):
        options = project.get("options", {})
        ci = options.get("ci", "github")
        default_db = options.get("db")
        for stack in project.get("stacks", []):
            combinations.append(
                Combination(
                    project=project["id"],
                    stack=stack,
                    db=default_db or "default",
                    ci=ci,
                    extra_args=("--description", AWKWARD_DESCRIPTION, "--author", AWKWARD_AUTHOR),
                )
            )
            if default_db is not None and default_db != "postgres":
                combinations.append(
                    Combination(
                        project=project["id"],
                        stack=stack,
                        db="postgres",
                        ci=ci,
                        extra_args=("--db", "postgres"),
                    )
                )
    return combinations


def select(combinations: list[Combination], only: list[str]) -> list[Combination]:
    """Keep the combinations that match any of PROJECT[/STACK[/DB]]; all when `only` is empty."""
    if not only:
        return combinations
    chosen: list[Combination] = []
    for pattern in only:
        parts = pattern.strip("/").split("/")
        if not 1 <= len(parts) <= 3 or not all(parts):
            raise SelectionError(f"`{pattern}` is not PROJECT, PROJECT/STACK or PROJECT/STACK/DB")
        matches = [c for c in combinations if [c.project, c.stack, c.db][: len(parts)] == parts]
        if not matches:
            known = ", ".join(sorted({c.id for c in combinations}))
            raise SelectionError(f"`{pattern}` matches no combination of the catalog ({known})")
        chosen.extend(c for c in matches if c not in chosen)
    return chosen
