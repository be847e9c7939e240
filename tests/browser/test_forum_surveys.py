"""Feedback after a meeting: set up by the coordinator, answered from the email, results seen."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from forums.demo import load_demo as load_forums_demo
from forums.models import Meeting, Survey, SurveyAnswer
from tests.browser.checks import assert_accessible, focus_is_visible, tab_to

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


def test_a_survey_to_the_members_is_made_from_a_template_sent_and_answered_by_keyboard(
    page, browser, live_server, login_as
):
    load_forums_demo()
    login_as("coordinator")
    jane = Meeting.objects.get(title="JANE:n kokous 4").forum
    page.goto(jane.get_absolute_url())
    page.get_by_role("link", name="Kyselyt ja palaute").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kyselyt ja palaute")
    assert_accessible(page)

    page.get_by_role("link", name="Uusi pohja").click()
    assert_accessible(page)
    page.locator("#id_name").fill("Kumppanuuspöydän e-kysely")
    page.locator("#id_name_sv").fill("Partnerskapsbordets e-enkät")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Pohja on luotu.", exact=False)).to_be_visible()
    assert_accessible(page)
    # An emptied question is refused with the error summary; then the text is fixed.
    page.locator("#id_questions-0-text").fill("")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_questions-0-text").fill("Kuinka hyvin foorumi edistää yhteistyötä?")
    page.locator("#id_questions-0-text_sv").fill("Hur väl främjar forumet samarbetet?")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Muutokset on tallennettu.")).to_be_visible()

    page.get_by_role("link", name="Uusi kysely jäsenille").click()
    assert_accessible(page)
    page.get_by_label("Kysymykset pohjasta").select_option(label="Kumppanuuspöydän e-kysely")
    page.locator("#id_title").fill("Kevään e-kysely")
    page.locator("#id_title_sv").fill("Vårens e-enkät")
    closes = timezone.localtime() + timedelta(days=14)
    page.locator("#id_closes_at").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Kysely on luotu.", exact=False)).to_be_visible()
    assert_accessible(page)
    mail.outbox.clear()
    page.get_by_role("button", name="Lähetä jäsenille").click()
    expect(page.get_by_text("Kyselyjä lähetetty: 5.")).to_be_visible()
    assert_accessible(page)
    assert len(mail.outbox) == 5
    message = next(m for m in mail.outbox if m.to == ["jane.jasen@demo.kumppanuus.fi"])

    person = browser.new_context(base_url=live_server.url, locale="fi-FI").new_page()
    person.set_default_timeout(30_000)
    person.goto(survey_link(message))
    expect(person.get_by_role("heading", level=1)).to_have_text("Kevään e-kysely")
    expect(person.get_by_text("Kuinka hyvin foorumi edistää yhteistyötä?")).to_be_visible()
    tab_to(person, "form button[type=submit]")
    person.keyboard.press("Enter")
    summary = person.locator("#error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.press("Enter")
    expect(person.locator("input[type=radio]").first).to_be_focused()
    assert focus_is_visible(person)
    for _ in range(3):
        person.keyboard.press("ArrowDown")
    expect(person.locator("input[type=radio][value='4']")).to_be_checked()
    tab_to(person, "form textarea")
    person.keyboard.type("Tieto kulkee")
    tab_to(person, "form button[type=submit]")
    person.keyboard.press("Enter")
    expect(person.get_by_text("Kiitos vastauksistasi.", exact=False)).to_be_visible()
    assert_accessible(person)
    person.context.close()
    survey = Survey.objects.get(title="Kevään e-kysely")
    assert survey.responses.get().email == "jane.jasen@demo.kumppanuus.fi"

    page.get_by_role("link", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page)
    for path in [
        f"/foorumit/{jane.pk}/kyselyt/uusi/",
        f"/foorumit/{jane.pk}/kyselyt/pohjat/uusi/",
        f"/kyselyt/{survey.pk}/tulokset/",
    ]:
        page.goto(path)
        assert_accessible(page)
