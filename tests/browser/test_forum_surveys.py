"""Feedback after a meeting: set up by the coordinator, answered from the email, results seen."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from forums.demo import load_demo as load_forums_demo
from forums.models import Meeting, Survey, SurveyAnswer
from tests.browser.checks import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def survey_link(message):
    return re.search(r"https?://\S+(/kysely/\S+/)", message.body).group(1)


def answer(browser, live_server, link, *, swedish=False, rating="4", text=""):
    context = browser.new_context(base_url=live_server.url, locale="fi-FI")
    context.set_default_timeout(30_000)
    person = context.new_page()
    person.goto(link)
    if swedish:
        person.get_by_role("link", name="Svenska").click()
        expect(person.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(person)
    save = "Spara svaren" if swedish else "Tallenna vastaukset"
    # Without a rating the form is shown again with its errors.
    person.get_by_role("button", name=save).click()
    expect(person.locator("#error-summary")).to_be_visible()
    assert_accessible(person)
    person.get_by_label(rating, exact=True).check()
    if text:
        person.locator("textarea").first.fill(text)
    person.get_by_role("button", name=save).click()
    thanks = "Tack för dina svar." if swedish else "Kiitos vastauksistasi."
    expect(person.get_by_text(thanks, exact=False)).to_be_visible()
    assert_accessible(person)
    context.close()


def test_feedback_goes_out_after_the_meeting_is_answered_and_its_results_shown(
    page, browser, live_server, login_as
):
    load_forums_demo()
    login_as("coordinator")
    meeting = Meeting.objects.get(title="JANE:n kokous 4")

    page.goto(f"/tapaamiset/{meeting.pk}/hallinta/")
    page.get_by_role("link", name="Palautekysely").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Palautekysely: JANE:n kokous 4")
    assert_accessible(page)
    page.get_by_label("Kysymykset pohjasta").select_option(
        label="Palautekysely tapaamisesta (yhteinen)"
    )
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Palautekysely on luotu.", exact=False)).to_be_visible()
    assert_accessible(page)
    survey = Survey.objects.get(meeting=meeting)
    assert survey.questions.count() == 3

    # The meeting is held (here: moved into the past); its participants get the survey.
    mail.outbox.clear()
    meeting.starts_at = timezone.now() - timedelta(hours=3)
    meeting.ends_at = timezone.now() - timedelta(hours=1)
    meeting.status = Meeting.Status.HELD
    meeting.save()
    assert len(mail.outbox) == 5
    by_email = {message.to[0]: message for message in mail.outbox}

    answer(
        browser,
        live_server,
        survey_link(by_email["jane.siht@demo.kumppanuus.fi"]),
        rating="5",
        text="Yhteistyö hyvinvointialueen kanssa",
    )
    answer(
        browser,
        live_server,
        survey_link(by_email["jane.vpj@demo.kumppanuus.fi"]),
        swedish=True,
        rating="3",
    )
    assert sorted(
        SurveyAnswer.objects.filter(question__survey=survey, rating__isnull=False).values_list(
            "rating", flat=True
        )
    ) == [3, 5]

    page.goto(f"/kyselyt/{survey.pk}/")
    page.get_by_role("link", name="Tulokset").first.click()
    expect(page.locator("#response-count")).to_contain_text("2 henkilöä on vastannut.")
    chart = page.locator("svg[role=img]")
    expect(chart).to_have_count(1)
    table = page.get_by_role("table", name="Kysymys 1: vastaukset arvioittain")
    expect(table.get_by_role("row", name="5 1 50 %")).to_be_visible()
    expect(table).to_contain_text("4,00")
    expect(page.get_by_text("Yhteistyö hyvinvointialueen kanssa")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("#response-count")).to_contain_text("2 personer har svarat.")
    assert_accessible(page)
    page.goto(f"/foorumit/{meeting.forum.pk}/kyselyt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enkäter och respons")
    assert_accessible(page)
    page.goto(f"/kyselyt/{survey.pk}/")
    assert_accessible(page)
