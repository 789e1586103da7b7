"""Problems a route answers with an `errors` array of its own (the base names fields only for 400)."""

from fastapi.responses import JSONResponse

from .core.problems import FieldError, problem_response


class FieldsProblemError(Exception):
    """Abort the work (its transaction rolls back) and answer `status` naming these fields."""

    def __init__(self, status: int, detail: str, errors: dict[str, str]) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors

    def response(self) -> JSONResponse:
        errors = [
            FieldError(field=field, message=message) for field, message in self.errors.items()
        ]
        return problem_response(self.status, self.detail, errors=errors)
