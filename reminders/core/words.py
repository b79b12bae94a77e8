"""What people read for the names the code stores: statuses, purposes, flag reasons, audit
actions, consent states. One mapping, so every screen and report says the same thing.

`say(kind, value)` is the way in: an unknown value (a name added later and not yet here) is
shown as plain words ("new_thing" -> "New thing"), never as the raw name.
"""

from __future__ import annotations

import re

# The state of a text, as a coordinator reads it next to the text.
STATUSES = {
    "pending": "waiting to send",  # in our outbox
    "queued": "sending",  # Twilio has it
    "sending": "sending",  # Twilio is handing it to the carrier
    "sent": "sent",  # the carrier has it; no receipt from the phone yet
    "delivered": "delivered",  # the phone has it
    "undelivered": "not delivered",  # the carrier gave up
    "failed": "not sent (failed)",  # rejected by Twilio or by us
    "missed": "not sent (the clock was down)",  # its moment passed while we were down
    "cancelled": "not needed, not sent",  # answered, opted out or paused before it left
    "received": "received, not read yet",  # inbound, not yet interpreted
    "handled": "received",  # inbound, interpreted and answered
}

# Why a text was sent. Numbered ones (snooze_2, follow_up_3) are matched by their stem.
PURPOSES = {
    "reminder": "Dose reminder",
    "nudge": "Dose reminder again",  # no answer yet: "did you take it?"
    "snooze": "Reminder after a snooze",  # snooze_N: the Nth time the patient said "later"
    "due_soon": "Blood test coming up",
    "due_today": "Blood test today",
    "follow_up": "Blood test follow-up",  # follow_up_N: asked again, N-th time
    "answer": "Automatic answer",  # the bot's reply to a text
    "reply": "Patient's text",
    "manual": "Message from the care team",  # typed on the dashboard
    "welcome": "Welcome text",
    "change_undone": "Change undone by the care team",
    "tip": "Tip",
    "alert": "Alert to on-call staff",
    "cg_invite": "Invitation to a caregiver",
    "cg_missed": "Missed doses, to a caregiver",
    "cg_red_flag": "Red flag, to a caregiver",
}

# Why a flag was raised.
REASONS = {
    "red_flag": "Red flag",
    "unknown_reply": "Not understood",
    "unknown_sender": "Unknown number",
    "missed_doses": "Missed doses",
    "blood_test_overdue": "Blood test overdue",
    "blood_test_done": "Blood test done",
    "low_b12": "Low B12",  # a reported B12 result below the reference range
    "lab_review": "Lab result to review",
    "invalid_number": "Number cannot get texts",
    "send_failed": "Text not sent",
    "unprocessed": "Reply not processed",  # a crashed worker's reply, swept up
    "unmatched_reply": "Reply with nothing open",
    "bad_schedule": "Schedule cannot run",
    "caregiver_reply": "Caregiver replied",
    "caregiver_number": "Caregiver's number cannot get texts",
    "time_change": "Reminder time changed by text",
    "time_fixed": "Reminder time to check",
}

LEVELS = {"urgent": "Urgent", "prompt": "Review today", "routine": "Routine"}

FLAG_STATES = {"open": "new", "acknowledged": "acknowledged", "resolved": "resolved"}

CONSENT = {"opted_in": "Opted in", "opted_out": "Opted out"}

# Where a consent change came from, as "Opted in since Dec 01, 2026, <this>".
CONSENT_SOURCES = {
    "sms": "by the patient's text",
    "carrier": "by the carrier (the number refuses texts)",
    "enrolment": "at enrolment",
    "dashboard": "on the dashboard",
    "cli": "on the command line",
    "demo": "by the demo",
    "import": "by a bulk import",
}

# One line per audit action, as the audit log reads it.
AUDIT = {
    "login": "Signed in",
    "login_failed": "Sign-in failed",
    "login_throttled": "Sign-in refused: too many tries",
    "logout": "Signed out",
    "view_patient": "Viewed a patient's page",
    "view_flag": "Viewed a flag",
    "flag_acknowledge": "Acknowledged a flag",
    "flag_resolve": "Resolved a flag",
    "link_number": "Linked a new phone to a patient",
    "message": "Sent a message",
    "pause": "Paused reminders",
    "resume": "Resumed reminders",
    "consent": "Recorded consent",
    "plan_add": "Added a plan",
    "plan_edit": "Changed a plan",
    "enrol": "Enrolled a patient",
    "import": "Imported patients",
    "export": "Exported data",
    "report": "Downloaded a visit report",
    "caregiver_add": "Added a caregiver",
    "undo_change": "Undid a patient's change",
    "simulated_reply": "Replied from the demo phone",
    "user_add": "Added a user",
    "user_enable": "Enabled a user",
    "user_disable": "Disabled a user",
    "team_add": "Added a team",
    "team_edit": "Changed a team",
    "settings": "Changed their settings",
}

ROLES = {"admin": "Admin", "coordinator": "Coordinator"}

# Who an urgent flag's alert went to.
NOTIFY_ROLES = {"on_call": "on-call", "backup": "backup", "admin": "admin"}

KINDS = {
    "status": STATUSES, "purpose": PURPOSES, "reason": REASONS, "level": LEVELS,
    "flag_state": FLAG_STATES, "consent": CONSENT, "consent_source": CONSENT_SOURCES,
    "audit": AUDIT, "role": ROLES, "notify_role": NOTIFY_ROLES,
}

_NUMBERED = re.compile(r"^([a-z_]+?)_(\d+)$")
_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}


def say(kind: str, value: str | None) -> str:
    """The words for `value`, one of the names of `kind` (a key of KINDS)."""
    if not value:
        return ""
    table = KINDS[kind]
    if value in table:
        return table[value]
    numbered = _NUMBERED.match(value)
    if numbered and numbered.group(1) in table:
        n = int(numbered.group(2))
        return f"{table[numbered.group(1)]} ({_ORDINALS.get(n, f'{n}th')})"
    return plain(value)


def plain(name: str) -> str:
    """A stored name as words, for one no table knows yet: "blood_test" -> "Blood test"."""
    return name.replace("_", " ").strip().capitalize()


def quiet_hours(start, end) -> str:
    """A patient's quiet hours in words; equal ends mean none at all."""
    if start == end:
        return "No quiet hours"
    return f"Quiet {clock(start)}–{clock(end)}"


def clock(t) -> str:
    """A time of day on a 12-hour clock, as the dashboard shows times: "9:00 pm"."""
    hour = t.hour % 12 or 12
    return f"{hour}:{t.minute:02d} {'am' if t.hour < 12 else 'pm'}"
