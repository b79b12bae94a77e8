"""Structured logs: one logfmt line per event, safe to ship to any log store.

Lines carry ids (message ids, Twilio SIDs) and masked phone numbers, never a
message body or a full number: the logs leave the database's protection.

    ts=2027-03-14T12:00:00Z level=info logger=reminders.outgoing.outbox event=sent message=12 sid=SM... to=+16*****0101
"""

from __future__ import annotations

import logging
import time

_CONFIGURED = False


def event(logger: logging.Logger, name: str, level: int = logging.INFO, **fields) -> None:
    """Log `name` with `fields` as key=value pairs (None values are left out)."""
    if logger.isEnabledFor(level):
        logger.log(level, name, extra={"fields": {k: v for k, v in fields.items() if v is not None}})


class LogfmtFormatter(logging.Formatter):
    converter = time.gmtime

    def format(self, record: logging.LogRecord) -> str:
        parts = [
            f"ts={self.formatTime(record, '%Y-%m-%dT%H:%M:%SZ')}",
            f"level={record.levelname.lower()}",
            f"logger={record.name}",
            f"event={_value(record.getMessage())}",
        ]
        parts += [f"{key}={_value(value)}" for key, value in getattr(record, "fields", {}).items()]
        line = " ".join(parts)
        if record.exc_info:
            # Tracebacks stay on the server's own log, folded onto one line.
            line += " exc=" + _value(self.formatException(record.exc_info))
        return line


def _value(value) -> str:
    text = str(value)
    if text and not any(c in text for c in ' "=\n'):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def configure(level: int = logging.INFO) -> None:
    """Send the app's logs to stderr as logfmt, once per process."""
    global _CONFIGURED
    if _CONFIGURED:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(LogfmtFormatter())
    for name in ("reminders", "webhooks", "dashboard"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
    # The SDK logs every request and its headers at INFO: ours says what matters.
    logging.getLogger("twilio").setLevel(logging.WARNING)
    _CONFIGURED = True
