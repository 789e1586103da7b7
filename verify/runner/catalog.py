"""The combinations to verify: every project × stack × variant of catalog.toml.

A project's variants are the values of its *variant option*: the first option of
VARIANT_OPTIONS that the project names in its `options` (`db` before `cache`).
Its default value comes first (with the awkward description and author), then
every other value the catalog's `[[options]]` entry lists, in catalog order,
generated with `--<option> <value>`. A project naming neither has one variant,
`default`. The combination's id is PROJECT/STACK/VARIANT (`todo-api/python/sqlite`,
`weather-api/python/redis`). Every other option keeps the project's default.

An option's value may need a service (OPTION_SERVICES: `cache = "redis"` needs Redis),
whether it is the variant's value or a default; the runner starts it for those
combinations only, on top of the project's own `services`."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

# User-typed text that must survive escaping into every file it lands in; the
# default variant of each combination is generated with it.
AWKWARD_DESCRIPTION = 'He said "hi" \\ {{x}} ${{ y }} 🎉\nsecond line'
AWKWARD_AUTHOR = 'Zoë "Z" O\'Brien \\ 🎉 <zoe@example.com>'

# The options whose values make the variants, in order of precedence.
VARIANT_OPTIONS = ("db", "cache")
# The services (runner/services.py) an option's value needs beyond what the project always
# needs, whether the value is the variant's or a default. PostgreSQL is not among them:
# `db = "postgres"` brings the run's cluster (runner/postgres.py).
OPTION_SERVICES: dict[str, dict[str, tuple[str, ...]]] = {
    "cache": {"redis": ("redis",)},
}
NO_VARIANT = "default"


class SelectionError(Exception):
    pass


@dataclass(frozen=True)
class Combination:
    project: str
    stack: str
    variant: str  # the variant option's value, or "default" for a project without one
    ci: str  # the `ci` option's value, "github" when the project does not say
    extra_args: tuple[str, ...]  # what `folio new` gets beyond the defaults
    option: str | None = None  # the variant option (`db`, `cache`), None for a project without one
    services: tuple[str, ...] = ()  # what its options' values need beyond the project's own `services`

    @property
    def id(self) -> str:
        return f"{self.project}/{self.stack}/{self.variant}"

    @property
    def slug(self) -> str:
        return f"{self.project}-{self.stack}-{self.variant}"

    @property
    def db(self) -> str | None:
        """The `db` option's value when it is the variant option (sqlite, postgres), else None."""
        return self.variant if self.option == "db" else None

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


def variant_option(options: dict[str, str]) -> str | None:
    """The option whose values make a project's variants (see the module's docstring)."""
    return next((option for option in VARIANT_OPTIONS if option in options), None)


def _services(options: dict[str, str]) -> tuple[str, ...]:
    needed: list[str] = []
    for option, value in options.items():
        needed += [s for s in OPTION_SERVICES.get(option, {}).get(value, ()) if s not in needed]
    return tuple(needed)


def load(catalog: Path) -> list[Combination]:
    with catalog.open("rb") as file:
        data = tomllib.load(file)
    values_of = {
        option["id"]: [value["id"] for value in option.get("values", [])] for option in data.get("options", [])
    }
    combinations = []
    for project in data.get("projects", []):
        options = project.get("options", {})
        ci = options.get("ci", "github")
        option = variant_option(options)
        if option is None:
            variants = [NO_VARIANT]
        else:
            default = options[option]
            variants = [default, *(value for value in values_of.get(option, []) if value != default)]
        for stack in project.get("stacks", []):
            for index, variant in enumerate(variants):
                chosen = {**options, option: variant} if option else options
                if index == 0:
                    extra_args: tuple[str, ...] = ("--description", AWKWARD_DESCRIPTION, "--author", AWKWARD_AUTHOR)
                else:
                    extra_args = (f"--{option}", variant)
                combinations.append(
                    Combination(
                        project=project["id"],
                        stack=stack,
                        variant=variant,
                        ci=ci,
                        extra_args=extra_args,
                        option=option,
                        services=_services(chosen),
                    )
                )
    return combinations


def select(combinations: list[Combination], only: list[str]) -> list[Combination]:
    """Keep the combinations that match any of PROJECT[/STACK[/VARIANT]]; all when `only` is empty."""
    if not only:
        return combinations
    chosen: list[Combination] = []
    for pattern in only:
        parts = pattern.strip("/").split("/")
        if not 1 <= len(parts) <= 3 or not all(parts):
            raise SelectionError(f"`{pattern}` is not PROJECT, PROJECT/STACK or PROJECT/STACK/VARIANT")
        matches = [c for c in combinations if [c.project, c.stack, c.variant][: len(parts)] == parts]
        if not matches:
            known = ", ".join(sorted({c.id for c in combinations}))
            raise SelectionError(f"`{pattern}` matches no combination of the catalog ({known})")
        chosen.extend(c for c in matches if c not in chosen)
    return chosen
