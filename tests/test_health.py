from reminders.app import create_app
from reminders.core.config import Config


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable():
    config = Config(env="test", database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = create_app(config).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"
