"""The framework's ceiling: a Flask app that answers the webhook's path and does nothing else.

    gunicorn ... 'bench.noop_app:create_app()'

bench/webhook.py serves it under the same gunicorn set-up as our app and sends it the same
signed load, so our webhook's rate can be read as a share of what Flask and gunicorn alone
allow on this machine at this moment. It reads the form (as any webhook must) and answers an
empty TwiML document; no signature check, no database.
"""

from __future__ import annotations

from flask import Flask, Response, request

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/healthz")
    def healthz():
        return "ok\n"

    @app.post("/webhooks/twilio/sms")
    def sms():
        request.form  # parsed, as any webhook would
        return Response(EMPTY_TWIML, mimetype="text/xml")

    return app
