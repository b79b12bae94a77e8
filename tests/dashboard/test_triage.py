"""Triage that reaches a human: every red flag and every unread text is on /flags with its words,
and an urgent one reaches someone on call.

Texts come in through the signed Twilio webhook of the same app the coordinator signs in to.
"""

from __future__ import annotations

import itertools
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from reminders.core.models import CareTeam, Flag, Message
from tests.dashboard.conftest import post
from tests.scheduling_helpers import Phone
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL, post_signed

ALICE = "+16175550111"  # the world's patient in team North
ON_CALL = "+16175550199"
_sids = itertools.count(1)


@pytest.fixture
def config(config):
    """Signed webhooks, and a public address for the links in alerts."""
    return config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL)


def text(client, body: str, sender: str = ALICE) -> str:
    """The patient's text through the webhook; the bot's answer."""
    form = {"MessageSid": f"SM{next(_sids):032d}", "From": sender, "To": "+15005550006", "Body": body,
            "NumMedia": "0"}
    response = post_signed(client, "/webhooks/twilio/sms", form)
    assert response.status_code == 200, response.data
    return " ".join(m.text or "" for m in ElementTree.fromstring(response.data).iter("Message"))


def flags_page(client) -> str:
    return client.get("/flags").get_data(as_text=True)


def only_flag(rt, **where) -> Flag:
    with rt.session() as s:
        query = select(Flag)
        for key, value in where.items():
            query = query.where(getattr(Flag, key) == value)
        return s.scalars(query).one()


def test_a_red_flag_after_an_acknowledged_one_is_seen_again(as_admin, rt):
    text(as_admin, "I suddenly can't see out of my left eye")
    first = only_flag(rt, reason="red_flag")
    post(as_admin, f"/flags/{first.id}/acknowledge", token_from="/flags")
    assert only_flag(rt, reason="red_flag").state == "acknowledged"

    text(as_admin, "now I suddenly cannot walk")
    again = only_flag(rt, reason="red_flag")
    assert (again.state, again.level) == ("open", "urgent")  # re-opened: someone must look again
    page = flags_page(as_admin)
    assert "I suddenly can&#39;t see out of my left eye" in page and "now I suddenly cannot walk" in page


def test_a_louder_text_raises_the_flag_it_joins(as_admin, rt):
    text(as_admin, "fatigue 8")
    assert only_flag(rt, reason="red_flag").level == "prompt"
    text(as_admin, "double vision since yesterday")
    flag = only_flag(rt, reason="red_flag")
    assert flag.level == "urgent" and "vision" in flag.detail


def test_every_text_the_bot_does_not_understand_is_listed(as_admin, rt):
    for words in ("what time is the pharmacy open", "is it ok with coffee", "please call me <b>today</b>"):
        text(as_admin, words)
    page = flags_page(as_admin)
    assert "what time is the pharmacy open" in page and "is it ok with coffee" in page
    assert "please call me &lt;b&gt;today&lt;/b&gt;" in page  # the patient's words, escaped


def test_three_unknown_numbers_are_each_listed_with_their_words(as_admin, rt):
    for n, words in enumerate(("hi is this the clinic", "new phone, this is Maria", "who are you")):
        text(as_admin, words, sender=f"+1617555900{n}")
    page = flags_page(as_admin)
    assert all(words in page for words in ("hi is this the clinic", "new phone, this is Maria", "who are you"))


def test_an_unknown_number_with_a_red_flag_is_urgent_and_gets_the_safety_answer(as_admin, rt):
    answer = text(as_admin, "I suddenly can't see out of my left eye and cannot walk", sender="+16175559999")
    assert "911" in answer and "not enrolled" in answer and "does not accept" not in answer
    assert only_flag(rt, reason="red_flag").level == "urgent"


def test_an_unknown_number_is_answered_kindly(as_admin, rt):
    answer = text(as_admin, "hello?", sender="+16175559999")
    assert "not enrolled" in answer and "911" in answer and "does not accept" not in answer


def test_stop_from_an_unknown_number_is_confirmed_and_then_silence(as_admin, rt):
    answer = text(as_admin, "STOP", sender="+16175559999")
    assert "no more" in answer and "Reply STOP" not in answer
    assert text(as_admin, "hello?", sender="+16175559999") == ""
    assert "hello?" in flags_page(as_admin)  # kept and listed, just not answered


@pytest.mark.parametrize("words", ["my vision went blurry in one eye", "double vision since yesterday",
                                   "veo doble desde ayer"])
def test_blurred_or_double_vision_is_urgent(as_admin, rt, words):
    answer = text(as_admin, words)
    assert "911" in answer
    assert only_flag(rt, reason="red_flag").level == "urgent"


def test_fatigue_8_gets_the_review_answer_not_the_emergency_one(as_admin, rt):
    answer = text(as_admin, "fatigue really bad")
    assert "ER now" not in answer and "care team" in answer and "911" in answer
    assert only_flag(rt, reason="red_flag").level == "prompt"


def test_an_urgent_flag_texts_the_on_call_phone_within_one_tick(as_admin, rt, world):
    with rt.session() as s:
        s.get(CareTeam, world.team_a).on_call_phone = ON_CALL
    answer = text(as_admin, "I suddenly lost my vision")
    assert "alerting" in answer
    flag = only_flag(rt, reason="red_flag")
    from reminders.outgoing import clock

    phone = Phone()
    clock.tick(rt, phone.transport)
    with rt.session() as s:
        [alert] = s.scalars(select(Message).where(Message.to_number == ON_CALL)).all()
        assert alert.status == "sent"
        assert alert.body == f"Urgent flag for a patient of North: {PUBLIC_BASE_URL}/flags/{flag.id}"


def test_without_an_on_call_contact_the_answer_claims_no_alert(as_admin, rt):
    answer = text(as_admin, "I suddenly lost my vision")
    assert "911" in answer and "alert" not in answer


@pytest.mark.parametrize("hours, open_now", [("Mon-Fri 08:00-17:00", False), ("Daily 00:00-23:59", True)])
def test_with_no_one_on_call_the_answer_says_when_the_office_is_closed(as_admin, rt, world, hours, open_now):
    import time_machine

    from tests.scheduling_helpers import at

    with rt.session() as s:
        s.get(CareTeam, world.team_a).hours = hours
    with time_machine.travel(at("2027-03-13T22:00", "America/New_York"), tick=False):  # a Saturday night
        urgent = text(as_admin, "I suddenly lost my vision")
        review = text(as_admin, "pain 9")
    assert "911" in urgent and "alert" not in urgent
    assert ("office is closed now" in urgent) is not open_now
    assert ("office is closed now" in review) is not open_now and "911" in review
