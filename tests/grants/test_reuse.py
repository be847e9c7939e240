"""Reuse: the association's profile fills a new draft; valid documents come from earlier ones."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from associations.models import Association
from grants.models import Application, ApplicationAttachment
from kumppanuus.uploads import stored_name
from tests import factories
from tests.grants import builders
from tests.grants.test_applying import form_data

pytestmark = pytest.mark.django_db


def test_a_new_draft_is_filled_from_the_profile(client_as, open_round, association, representative):
    Association.objects.filter(pk=association.pk).update(bank_account="FI2112345600000785")
    treasurer = factories.make_representative(
        association,
        factories.make_user("rahat@example.fi", first_name="Rahan", last_name="Hoitaja"),
        role="treasurer",
    )
    del treasurer
    client = client_as(representative)
    client.post(reverse("grants:apply", args=[open_round.pk]), {"association": association.pk})
    draft = Application.objects.get()
    assert draft.bank_account == "FI2112345600000785"
    assert draft.contact_email == representative.email
    assert "Rahan Hoitaja" in draft.responsible_people
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'value="FI21 1234 5600 0007 85"' in page


def test_the_bank_account_is_checked_as_an_iban(client_as, draft, representative):
    client = client_as(representative)
    bad = client.post(
        draft.get_absolute_url(), form_data(draft, bank_account="FI21 1234 5600 0007 86")
    )
    assert bad.status_code == 400
    assert "IBAN" in bad.content.decode()
    draft.refresh_from_db()
    assert draft.bank_account == "" and draft.purpose == ""
    good = client.post(
        draft.get_absolute_url(), form_data(draft, bank_account="fi21 1234 5600 0007 85")
    )
    assert good.status_code == 302
    draft.refresh_from_db()
    assert draft.bank_account == "FI2112345600000785"


def test_the_profile_keeps_the_bank_account_checked(client_as, association, representative):
    client = client_as(representative)
    page = client.get(reverse("associations:edit", args=[association.pk]))
    assert page.status_code == 200
    assert 'name="bank_account"' in page.content.decode()


def stored_attachment(application, type, name, uploaded_at=None, content=b"%PDF-1.4 saannot"):
    attachment = ApplicationAttachment.objects.create(
        application=application,
        type=type,
        file=default_storage.save(stored_name("applications", "pdf"), ContentFile(content)),
        original_name=name,
    )
    if uploaded_at:
        ApplicationAttachment.objects.filter(pk=attachment.pk).update(uploaded_at=uploaded_at)
    return attachment


@pytest.fixture
def earlier(body, association):
    round = builders.make_closed_round(body, name_fi="Toiminta-avustukset 2025")
    return builders.make_application(round, association, status="decided")


def test_still_valid_documents_of_an_earlier_application_are_offered_and_copied(
    client_as, draft, earlier, representative
):
    rules = stored_attachment(
        earlier, "saannot", "saannot.pdf", timezone.now() - timedelta(days=900)
    )
    statement = stored_attachment(earlier, "tilinpaatos", "tilinpaatos.pdf")
    old_statement = stored_attachment(
        earlier, "tilinpaatos", "vanha-tilinpaatos.pdf", timezone.now() - timedelta(days=400)
    )
    plan = stored_attachment(earlier, "toimintasuunnitelma", "suunnitelma.pdf")
    client = client_as(representative)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "saannot.pdf" in page and "tilinpaatos.pdf" in page
    assert "vanha-tilinpaatos.pdf" not in page  # not last year's any more
    assert "suunnitelma.pdf" not in page  # made for each application
    del old_statement, plan

    response = client.post(
        reverse("grants:attachment_reuse", args=[draft.pk]), {"attachment": rules.pk}
    )
    assert response.status_code == 302
    copy = draft.attachments.get()
    assert (copy.type, copy.original_name) == ("saannot", "saannot.pdf")
    assert copy.file.name != rules.file.name
    assert copy.file.read() == b"%PDF-1.4 saannot"
    # Removing the copy leaves the earlier application's file in place.
    client.post(reverse("grants:attachment_delete", args=[draft.pk, copy.pk]))
    assert default_storage.exists(rules.file.name)
    assert statement.pk


def test_another_associations_document_is_404(
    client_as, draft, body, other_association, representative
):
    round = builders.make_closed_round(body)
    theirs = builders.make_application(round, other_association, status="decided")
    foreign = stored_attachment(theirs, "saannot", "heidan-saannot.pdf")
    response = client_as(representative).post(
        reverse("grants:attachment_reuse", args=[draft.pk]), {"attachment": foreign.pk}
    )
    assert response.status_code == 404
    assert not draft.attachments.exists()


def test_no_document_chosen_is_a_bad_request(client_as, draft, representative):
    response = client_as(representative).post(
        reverse("grants:attachment_reuse", args=[draft.pk]), {"attachment": "x"}
    )
    assert response.status_code == 400
    assert not draft.attachments.exists()


def test_another_associations_representative_gets_404(
    client_as, draft, earlier, other_representative
):
    rules = stored_attachment(earlier, "saannot", "saannot.pdf")
    response = client_as(other_representative).post(
        reverse("grants:attachment_reuse", args=[draft.pk]), {"attachment": rules.pk}
    )
    assert response.status_code == 404
    assert not draft.attachments.exists()


def test_nothing_is_reused_after_the_deadline(
    client_as, earlier, body, association, representative
):
    closed = builders.make_application(builders.make_closed_round(body), association)
    rules = stored_attachment(earlier, "saannot", "saannot.pdf")
    response = client_as(representative).post(
        reverse("grants:attachment_reuse", args=[closed.pk]), {"attachment": rules.pk}
    )
    assert response.status_code == 403
    assert not closed.attachments.exists()
