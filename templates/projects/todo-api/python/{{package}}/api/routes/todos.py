"""Todos: create, list with filters, read, update and delete; each user sees only their own."""

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response, status
from pydantic import BeforeValidator
from sqlalchemy import Select, SQLColumnExpression, func, or_, select
from sqlalchemy.orm import Session

from ...core.fields import PlainText
from ...core.openapi import problem_responses
from ...core.query import query_int
from ...core.resource_ids import ResourceId
from ...core.timestamps import later_than, utc_now
from ...models import Todo, User
from ...schemas import TodoCreate, TodoOut, TodoPage, TodoSort, TodoUpdate
from ..deps import SessionDep
from .auth import CurrentUser

router = APIRouter(prefix="/todos", tags=["todos"])


def _query_bool(value: object) -> object:
    # Only the plain spellings: `?completed=yes` or `=1` is a 400, as it would be in JSON.
    if value in ("true", "false"):
        return value == "true"
    raise ValueError("must be true or false")


query_bool = BeforeValidator(_query_bool)

# Ids are 64-bit in the database; anything beyond cannot exist.
MAX_ID = 2**63 - 1


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(400, 401))
def create_todo(body: TodoCreate, user: CurrentUser, session: SessionDep) -> TodoOut:
    now = utc_now()
    todo = Todo(
        owner_id=user.id,
        title=body.title,
        description=body.description,
        completed=False,
        created_at=now,
        updated_at=now,
    )
    session.add(todo)
    session.commit()
    return TodoOut.model_validate(todo)


@router.get("", responses=problem_responses(400, 401))
def list_todos(
    user: CurrentUser,
    session: SessionDep,
    page: Annotated[int, Query(ge=1), query_int] = 1,
    limit: Annotated[int, Query(ge=1, le=100), query_int] = 10,
    completed: Annotated[bool | None, Query(), query_bool] = None,
    q: Annotated[PlainText | None, Query(max_length=200)] = None,
    sort: TodoSort = "createdAt",
) -> TodoPage:
    query = select(Todo).where(Todo.owner_id == user.id)
    if completed is not None:
        query = query.where(Todo.completed == completed)
    if q:
        # autoescape makes % and _ in the search literal characters, not wildcards.
        needle = q.lower()
        query = query.where(
            or_(
                func.lower(Todo.title).contains(needle, autoescape=True),
                func.lower(Todo.description).contains(needle, autoescape=True),
            )
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    offset = (page - 1) * limit
    # A page past the end is empty; skipping the query also keeps huge offsets out of SQL.
    todos: Iterable[Todo] = (
        session.scalars(_sorted(query, sort, session).offset(offset).limit(limit))
        if offset < total
        else []
    )
    return TodoPage(
        data=[TodoOut.model_validate(todo) for todo in todos], page=page, limit=limit, total=total
    )


def _sorted(query: Select[Todo], sort: str, session: Session) -> Select[Todo]:
    key: SQLColumnExpression[Any] = Todo.title if sort.endswith("title") else Todo.created_at
    if key is Todo.title and session.get_bind().dialect.name == "postgresql":
        # Code-point order, as SQLite sorts, rather than the server locale's order.
        key = Todo.title.collate("C")
    # Every sort breaks ties by id ascending, so pages never overlap or skip.
    return query.order_by(key.desc() if sort.startswith("-") else key.asc(), Todo.id.asc())


def _owned_todo(todo_id: ResourceId, user: User, session: Session) -> Todo:
    todo = session.get(Todo, todo_id) if 1 <= todo_id <= MAX_ID else None
    if todo is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"todo {todo_id} does not exist")
    if todo.owner_id != user.id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"todo {todo_id} belongs to another user")
    return todo


@router.get("/{id}", responses=problem_responses(401, 403, 404))
def get_todo(todo_id: ResourceId, user: CurrentUser, session: SessionDep) -> TodoOut:
    return TodoOut.model_validate(_owned_todo(todo_id, user, session))


@router.put("/{id}", responses=problem_responses(400, 401, 403, 404))
def update_todo(
    todo_id: ResourceId, body: TodoUpdate, user: CurrentUser, session: SessionDep
) -> TodoOut:
    todo = _owned_todo(todo_id, user, session)
    todo.title = body.title
    if "description" in body.model_fields_set:
        todo.description = body.description
    if "completed" in body.model_fields_set:
        todo.completed = body.completed
    todo.updated_at = later_than(todo.updated_at)
    session.commit()
    return TodoOut.model_validate(todo)


@router.delete(
    "/{id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(401, 403, 404),
)
def delete_todo(todo_id: ResourceId, user: CurrentUser, session: SessionDep) -> None:
    session.delete(_owned_todo(todo_id, user, session))
    session.commit()
