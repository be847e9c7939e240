"""An agreement's life through the front door: drafted, accepted by every party, in force."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kumppanuus.agreements import services
from kumppanuus.agreements.models import Agreement, Party
from kumppanuus.history.services import history_for
from tests import factories

from .conftest import make_agreement

pytestmark = pytest.mark.django_db


def day(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def draft_data(association, **values):
    return {
        "title": "Lähiliikuntapaikkojen kunnossapito",
        "goals": "Kylien kentät pysyvät kunnossa.",
        "starts_on": day(0),
        "ends_on": day(365),
        "associations": [association.pk],
        "review_dates": (timezone.localdate() + timedelta(days=180)).strftime("%d.%m.%Y"),
        **values,
    }


def party_data(agreement, **values):
    data = {}
    for party in agreement.parties.all():
        prefix = f"party-{party.pk}"
        data[f"{prefix}-responsibilities"] = values.get("responsibilities", "Vastuut")
        data[f"{prefix}-money_per_year"] = "5000" if party.association_id is None else ""
        data[f"{prefix}-premises"] = ""
        data[f"{prefix}-work"] = "Talkoot"
    return data


def test_drafted_accepted_by_both_parties_and_active_from_its_start(
    client_as, contact_person, representative, municipality, association
):
    client = client_as(contact_person)
    response = client.post(
        reverse("agreements:create", args=[municipality.code]), draft_data(association)
    )
    agreement = Agreement.objects.get()
    assert response.url == reverse("agreements:edit", args=[agreement.pk])
    assert agreement.status == "draft"
    assert [str(r.date) for r in agreement.reviews.all()] == [day(180)]
    edit = {
        **draft_data(association),
        **party_data(agreement, responsibilities="Kunta antaa koneet"),
    }
    assert client.post(reverse("agreements:edit", args=[agreement.pk]), edit).status_code == 302
    public_party = agreement.parties.get(association=None)
    assert public_party.responsibilities == "Kunta antaa koneet"
    assert public_party.money_per_year == 5000

    # The municipality accepts for itself.
    accept_public = reverse("agreements:accept", args=[agreement.pk, public_party.pk])
    assert client.get(accept_public).status_code == 200
    client.post(accept_public)
    agreement.refresh_from_db()
    assert agreement.status == "draft"

    # The association's representative accepts for the association: it starts today.
    association_party = agreement.parties.get(association=association)
    client = client_as(representative)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert reverse("agreements:accept", args=[agreement.pk, association_party.pk]) in page
    response = client.post(
        reverse("agreements:accept", args=[agreement.pk, association_party.pk]), follow=True
    )
    assert "Kaikki osapuolet ovat hyväksyneet: sopimus on nyt voimassa." in (
        response.content.decode()
    )
    agreement.refresh_from_db()
    assert agreement.status == "active"
    association_party.refresh_from_db()
    assert association_party.accepted_by == representative
    actions = [change.action for change in history_for(agreement)][::-1]
    assert actions == [
        "agreement_drafted",
        "agreement_changed",
        "agreement_accepted",
        "agreement_accepted",
        "agreement_agreed",
        "agreement_activated",
    ]
    assert agreement in client.get(reverse("agreements:list")).context["page"].object_list


def test_an_agreement_starting_later_is_agreed_then_active_when_its_period_starts(
    municipality, association, contact_person, representative
):
    agreement = make_agreement(municipality, [association], starts=5)
    for party, user in zip(
        agreement.parties.order_by("association"), [representative, contact_person], strict=True
    ):
        services.agreement_accept(party=party, user=user)
    agreement.refresh_from_db()
    assert agreement.status == "agreed"
    services.agreements_refresh_all(today=timezone.localdate() + timedelta(days=4))
    agreement.refresh_from_db()
    assert agreement.status == "agreed"
    services.agreements_refresh_all(today=timezone.localdate() + timedelta(days=5))
    agreement.refresh_from_db()
    assert agreement.status == "active"
    services.agreements_refresh_all(today=agreement.ends_on + timedelta(days=1))
    agreement.refresh_from_db()
    assert agreement.status == "ended"


def test_a_change_to_a_draft_resets_the_acceptances(
    client_as, contact_person, municipality, association, draft
):
    party = draft.parties.get(association=association)
    party.accepted_at = timezone.now()
    party.save()
    client = client_as(contact_person)
    data = {**draft_data(association, title="Uusi nimi"), **party_data(draft)}
    response = client.post(reverse("agreements:edit", args=[draft.pk]), data, follow=True)
    assert "hyväksynnät nollattiin" in response.content.decode()
    assert not draft.parties.filter(accepted_at__isnull=False).exists()
    assert "agreement_acceptances_reset" in [c.action for c in history_for(draft)]


@pytest.mark.parametrize(
    ("status", "url_name", "message"),
    [
        ("active", "edit", "Vain luonnosta voi muuttaa."),
        ("draft", "dates", "Vain hyväksytyn tai voimassa olevan sopimuksen päivämääriä"),
        ("draft", "terminate", "Vain hyväksytyn tai voimassa olevan sopimuksen voi irtisanoa."),
        (
            "terminated",
            "terminate",
            "Vain hyväksytyn tai voimassa olevan sopimuksen voi irtisanoa.",
        ),
    ],
)
def test_steps_the_state_does_not_allow_get_a_clear_409(
    client_as, contact_person, municipality, association, status, url_name, message
):
    agreement = make_agreement(municipality, [association], status=status)
    response = client_as(contact_person).post(
        reverse(f"agreements:{url_name}", args=[agreement.pk])
    )
    assert response.status_code == 409
    assert message in response.content.decode()


def test_accepting_twice_or_after_agreement_is_refused(
    client_as, contact_person, municipality, association
):
    agreement = make_agreement(municipality, [association])
    party = agreement.parties.get(association=None)
    client = client_as(contact_person)
    url = reverse("agreements:accept", args=[agreement.pk, party.pk])
    assert client.post(url).status_code == 302
    response = client.post(url)
    assert response.status_code == 409
    assert "on jo hyväksynyt sopimuksen" in response.content.decode()
    active = make_agreement(municipality, [association], status="active", title="Toinen")
    response = client.post(
        reverse("agreements:accept", args=[active.pk, active.parties.get(association=None).pk])
    )
    assert response.status_code == 409


def test_only_a_party_accepts_for_itself(
    client_as, contact_person, representative, municipality, association, draft
):
    association_party = draft.parties.get(association=association)
    public_party = draft.parties.get(association=None)
    # The municipality cannot accept for the association, nor the association for it.
    assert (
        client_as(contact_person)
        .post(reverse("agreements:accept", args=[draft.pk, association_party.pk]))
        .status_code
        == 403
    )
    assert (
        client_as(representative)
        .post(reverse("agreements:accept", args=[draft.pk, public_party.pk]))
        .status_code
        == 403
    )
    assert not Party.objects.filter(accepted_at__isnull=False).exists()


def test_a_draft_is_hidden_from_everyone_but_its_editors_and_parties(
    client, client_as, outsider, representative, other_contact_person, draft
):
    url = draft.get_absolute_url()
    assert client.get(url).status_code == 404
    assert client_as(outsider).get(url).status_code == 404
    assert client_as(other_contact_person).get(url).status_code == 404
    assert client_as(representative).get(url).status_code == 200
    assert draft not in client.get(reverse("agreements:list")).context["page"].object_list


def test_moving_the_dates_and_terminating(client_as, contact_person, municipality, association):
    agreement = make_agreement(municipality, [association], status="active", starts=-10)
    client = client_as(contact_person)
    response = client.post(
        reverse("agreements:dates", args=[agreement.pk]),
        {"ends_on": day(500), "review_dates": ""},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.ends_on.isoformat() == day(500)
    response = client.post(
        reverse("agreements:dates", args=[agreement.pk]),
        {"ends_on": day(-1), "review_dates": "31.2.2027"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Päättymispäivä ei voi olla menneisyydessä." in html
    assert "”31.2.2027” ei ole päivämäärä." in html
    response = client.post(reverse("agreements:terminate", args=[agreement.pk]), {"note": ""})
    assert response.status_code == 400
    response = client.post(
        reverse("agreements:terminate", args=[agreement.pk]), {"note": "Yhdistys lopetti."}
    )
    agreement.refresh_from_db()
    assert agreement.status == "terminated"
    assert "Yhdistys lopetti." in client.get(agreement.get_absolute_url()).content.decode()


def test_bad_drafts_get_clear_errors_and_save_nothing(
    client_as, contact_person, municipality, association
):
    client = client_as(contact_person)
    url = reverse("agreements:create", args=[municipality.code])
    cases = [
        ({"ends_on": day(-5)}, "Sopimuksen täytyy päättyä alkamisensa jälkeen."),
        ({"associations": []}, "Tämä kenttä vaaditaan."),
        ({"review_dates": "huomenna"}, "”huomenna” ei ole päivämäärä."),
        ({"review_dates": "1.1.2001"}, "Arviointipäivän täytyy osua sopimuskaudelle"),
        ({"title": "<script>alert(1)</script>"}, "Kirjoita pelkkää tekstiä ilman HTML-merkintöjä"),
        ({"goals": '<a href="javascript:alert(1)">x</a>'}, "Kirjoita pelkkää tekstiä"),
    ]
    for values, message in cases:
        response = client.post(url, draft_data(association, **values))
        assert response.status_code == 400, values
        assert message in response.content.decode(), values
    assert not Agreement.objects.exists()
    other = factories.make_association(name="Muualla ry")
    response = client.post(url, draft_data(other))
    assert response.status_code == 400


def test_markup_in_a_partys_part_is_refused(client_as, contact_person, association, draft):
    data = {
        **draft_data(association),
        **party_data(draft, responsibilities='<p style="x" onclick="alert(1)">Vastuu</p>'),
    }
    response = client_as(contact_person).post(reverse("agreements:edit", args=[draft.pk]), data)
    assert response.status_code == 400
    assert not draft.parties.filter(responsibilities__contains="<").exists()


def test_attachments_are_checked_kept_and_sent_as_downloads(
    client_as, client, contact_person, municipality, association, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    agreement = make_agreement(municipality, [association], status="active", starts=-1)
    editor = client_as(contact_person)
    url = reverse("agreements:attachment_add", args=[agreement.pk])
    bad = SimpleUploadedFile("sopimus.pdf", b"<html><script>alert(1)</script></html>")
    assert editor.post(url, {"file": bad}).status_code == 400
    good = SimpleUploadedFile("sopimus.pdf", b"%PDF-1.4 sopimus")
    assert editor.post(url, {"file": good}).status_code == 302
    attachment = agreement.attachments.get()
    download = client.get(reverse("agreements:attachment", args=[agreement.pk, attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert [c.action for c in history_for(agreement)][0] == "agreement_attachment_added"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_agreement_page_runs_the_same_queries_at_5_and_50_parties(
    client, municipality, settings
):
    settings.PAGE_CACHE_SECONDS = 0

    def build(number, title):
        associations = [
            factories.make_association(municipalities=[municipality]) for _ in range(number)
        ]
        agreement = make_agreement(
            municipality,
            associations,
            status="active",
            starts=-1,
            title=title,
            reviews=range(10, 10 + number),
        )
        for n in range(number):
            agreement.attachments.create(file=f"agreements/{n}.pdf", original_name=f"{n}.pdf")
        return agreement

    five, fifty = build(5, "Viisi"), build(50, "Viisikymmentä")
    assert count_queries(client, fifty.get_absolute_url()) == count_queries(
        client, five.get_absolute_url()
    )


def test_the_public_list_runs_the_same_queries_at_5_and_50_agreements(
    client, municipality, association, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    url = reverse("agreements:list")

    def add(number):
        for n in range(number):
            make_agreement(municipality, [association], status="active", starts=-1, title=f"S{n}")

    add(5)
    five = count_queries(client, url)
    add(45)
    assert count_queries(client, url) == five


def test_the_admin_lists_and_opens_agreements(client_as, admin_user, municipality, association):
    agreement = make_agreement(municipality, [association], status="active", starts=-1)
    client = client_as(admin_user)
    assert client.get(reverse("admin:agreements_agreement_changelist")).status_code == 200
    assert client.get(reverse("admin:agreements_agreement_add")).status_code == 200
    change = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    assert agreement.title in client.get(change).content.decode()
