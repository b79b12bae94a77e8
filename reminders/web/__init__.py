"""The Flask side every blueprint shares: the request's runtime and session, and /healthz.
Blueprints (webhooks/, dashboard/) import this, never the app factory that registers them."""
