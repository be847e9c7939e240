"""A grant officer assigns two reviewers who score, then decides and publishes; the applicant
is emailed, sends the usage report and the officer accepts it. Every page axe-clean."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from grants import demo as grants_demo
from grants.models import Application, Round
from tests import factories
from tests.browser.checks import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_an_officer_has_applications_reviewed_decides_and_publishes(
    page, live_server, login_as, demo
):
    grants_demo.load_demo()
    round = Round.objects.get(name_fi="Liikuntaseurojen toiminta-avustukset")
    application = Application.objects.get(round=round, association__name="Liperin Nuorisoseura ry")
    applicant = factories.make_representative(
        application.association, factories.make_user("nuoriso@example.fi")
    )
    reviewers = [factories.make_user(f"arvioija{n}@example.fi") for n in (1, 2)]
    login_as("grant_officer")

    page.goto(f"/avustukset/{round.pk}/hakemukset/")
    assert_accessible(page)
    page.get_by_role("link", name="Arvioijat").click()
    for reviewer in reviewers:
        page.get_by_label("Arvioijan sähköpostiosoite").fill(reviewer.email)
        page.get_by_role("button", name="Lisää arvioija").click()
        expect(page.get_by_text(f"{reviewer} arvioi haun.")).to_be_visible()
    assert_accessible(page)

    for index, reviewer in enumerate(reviewers):
        log_in(page, live_server, reviewer)
        page.goto(f"/hakemukset/{application.pk}/arvio/")
        assert_accessible(page)
        for criterion in round.criteria_set.all():
            page.get_by_role("group", name=f"{criterion.name}: pisteet (0–3)").get_by_label(
                str(2 + index % 2)
            ).check()
            page.get_by_label(f"{criterion.name}: kommentti").fill(f"Arvioija {index + 1}")
        page.get_by_role("button", name="Tallenna arvio").click()
        expect(page.get_by_text("Arviosi on tallennettu.")).to_be_visible()
        assert_accessible(page)
    expect(page.get_by_role("cell", name="Arvioija 1").first).to_be_visible()

    login_as("grant_officer")
    page.goto(f"/avustukset/{round.pk}/hakemukset/")
    page.get_by_role("link", name="Kirjaa päätös – Liperin Nuorisoseura ry").click()
    assert_accessible(page)
    page.get_by_role("radio", name="myönnetty").check()
    page.get_by_label("Myönnetty summa (€)").fill("4 000,00")
    page.get_by_label("Ehdot").fill("Käyttöselvitys vuoden kuluessa")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Päätös on kirjattu.")).to_be_visible()
    page.get_by_role("link", name="Julkaise päätökset").click()
    assert_accessible(page)
    page.get_by_role("button", name="Julkaise").click()
    expect(page.get_by_text("1 päätöstä julkaistiin")).to_be_visible()
    assert_accessible(page)

    application.refresh_from_db()
    assert application.status == Application.Status.DECIDED
    assert application.granted_amount == 4000
    decisions = [m for m in mail.outbox if "Avustuspäätös" in m.subject]
    assert [m.to for m in decisions] == [[applicant.email]]

    log_in(page, live_server, applicant)
    page.goto(application.get_absolute_url())
    expect(page.get_by_text("Käyttöselvitys vuoden kuluessa")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Käyttöselvitys").click()
    page.get_by_label("Mitä avustuksella tehtiin").fill("Kesäleiri ja kaksi näytelmää")
    page.get_by_label("Käytetty summa (€)").fill("3 950,00")
    page.get_by_role("button", name="Lähetä selvitys").click()
    expect(page.get_by_text("Käyttöselvitys on lähetetty.")).to_be_visible()
    assert_accessible(page)

    login_as("grant_officer")
    page.goto(f"/hakemukset/{application.pk}/kayttoselvitys/")
    page.get_by_label("Hyväksy selvitys").check()
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Käyttöselvitys on käsitelty.")).to_be_visible()
    assert_accessible(page)
    assert application.usage_report.status == "accepted"
