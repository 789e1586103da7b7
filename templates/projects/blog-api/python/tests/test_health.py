from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine


def test_healthz_answers_while_the_process_is_up(client: TestClient) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_answers_when_the_database_does(client: TestClient) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_503_when_the_database_does_not_answer(app: FastAPI, client: TestClient) -> None:
    app.state.engine = create_engine("sqlite:////nonexistent/directory/app.db")

    response = client.get("/readyz")

    assert response.status_code == 503
    # RealWorld's error shape, as every failure of this API answers.
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"errors": {"body": ["the database is unavailable"]}}
