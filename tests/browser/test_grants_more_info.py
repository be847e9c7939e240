"""An officer asks for more information on a sent application of a closed round (Finnish);
the applicant is emailed, completes the application after the deadline and sends it again
(Swedish); the officer sees it sent. Every page axe-clean, in Finnish and Swedish."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from grants import demo as grants_demo
from grants.models import Application, Round
from kumppanuus.history.services import history_for
from tests import factories
from tests.browser.checks import assert_accessible
from tests.browser.test_grants import PDF
from tests.browser.test_grants_officer import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_asks_for_more_information_and_the_applicant_answers(
    page, live_server, login_as, demo, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    grants_demo.load_demo()
    round = Round.objects.get(name_fi="Kulttuuriavustukset")
    assert not round.is_open()
    application = Application.objects.get(
        round=round, association__name="Outokummun Nuorisoseura ry"
    )
    applicant = factories.make_representative(
        application.association, factories.make_user("nuoriso@example.fi", language="sv")
    )
    plan = tmp_path / "verksamhetsplan.pdf"
    plan.write_bytes(PDF)
    budget = tmp_path / "budget.pdf"
    budget.write_bytes(PDF)

    login_as("grant_officer")
    page.goto(application.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Pyydä lisätietoja").click()
    assert_accessible(page)
    page.get_by_role("button", name="Lähetä pyyntö").click()  # empty: refused
    expect(
        page.get_by_role("link", name="Mitä lisätietoja tarvitset?: Tämä kenttä vaaditaan.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Mitä lisätietoja tarvitset?").fill(
        "Lisätkää toimintasuunnitelma ja talousarvio."
    )
    page.get_by_role("button", name="Lähetä pyyntö").click()
    expect(page.get_by_text("Hakijalta pyydettiin lisätietoja")).to_be_visible()
    expect(page.get_by_text("palautettu täydennettäväksi").first).to_be_visible()
    assert_accessible(page)

    emails = [m for m in mail.outbox if applicant.email in m.to]
    assert len(emails) == 1
    assert "toimintasuunnitelma ja talousarvio" in emails[0].body
    assert "Kulturunderstöd" in emails[0].body  # the round's name in the person's language

    log_in(page, live_server, applicant)
    page.goto(f"/kieli/sv/?next={application.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Komplettering begärd")).to_be_visible()
    expect(page.get_by_text("Lisätkää toimintasuunnitelma ja talousarvio.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Beskrivning", exact=True).fill(
        "Harjoitukset, kerhot ja kaksi avointa tapahtumaa. Suunnitelma ja talousarvio liitteinä."
    )
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_text("Utkastet har sparats.")).to_be_visible()
    for kind, file in (("toimintasuunnitelma", plan), ("talousarvio", budget)):
        page.get_by_label("Typ av bilaga").select_option(kind)
        page.locator("#id_file").set_input_files(str(file))
        page.get_by_role("button", name="Lägg till bilaga").click()
        expect(page.get_by_text("Bilagan har lagts till.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Kontrollera och skicka").click()
    assert_accessible(page)
    page.get_by_role("button", name="Skicka ansökan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ansökan har tagits emot")
    assert_accessible(page)

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert [c.action for c in history_for(application)] == [
        "grants_info_answered",
        "grants_info_requested",
    ]

    login_as("grant_officer")
    page.goto(f"/kieli/fi/?next=/avustukset/{round.pk}/hakemukset/")
    row = page.get_by_role("row").filter(has_text="Outokummun Nuorisoseura ry")
    expect(row).to_contain_text("lähetetty")
    assert_accessible(page)


def test_the_year_view_and_the_priorities_of_a_draft_are_accessible(page, login_as, demo):
    grants_demo.load_demo()
    page.goto("/avustukset/vuosi/")
    expect(page.get_by_role("heading", name="Liperi")).to_be_visible()
    assert_accessible(page)
    page.goto("/kieli/sv/?next=/avustukset/vuosi/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ansökningstider")
    assert_accessible(page)

    round = Round.objects.get(name_fi="Liikuntaseurojen toiminta-avustukset")
    draft = Application.objects.get(round=round, association__name="Liperin Liikuntaseura ry")
    login_as("representative")
    page.goto(draft.get_absolute_url())
    expect(
        page.get_by_role("group", name="Välfärdsprioriteringar som ansökan främjar")
    ).to_be_visible()
    assert_accessible(page)
    page.goto(f"/kieli/fi/?next={draft.get_absolute_url()}")
    expect(
        page.get_by_role("group", name="Hyvinvoinnin painopisteet, joita hakemus edistää")
    ).to_be_visible()
    assert_accessible(page)
