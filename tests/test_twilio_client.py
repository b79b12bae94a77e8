from reminders.outgoing.twilio_client import make_client


def test_proxy_settings_are_read_once_and_still_honoured(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    client = make_client("AC123", "token", "https://api.twilio.com")
    assert client.http_client.proxy == {"https": "http://proxy.internal:3128"}
    assert client.http_client.session.trust_env is False


def test_no_proxy_for_a_local_server(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    client = make_client("AC123", "token", "http://127.0.0.1:8080")
    assert not client.http_client.proxy
