from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kumppanuus import pagecache
from kumppanuus.accounts.services import invitation_create
from kumppanuus.history.services import history_record, history_record_diff, history_snapshot

from .models import ContactPerson, Municipality

CONTACT_PERSON_ROLE = "municipal_contact_person"


@transaction.atomic
def contact_person_invite(
    *, municipality: Municipality, email: str, title: str, invited_by, language: str = ""
):
    return invitation_create(
        email=email,
        role=CONTACT_PERSON_ROLE,
        target=municipality,
        invited_by=invited_by,
        title=title,
        language=language,
    )


@transaction.atomic
def contact_person_remove(*, contact: ContactPerson) -> None:
    """Remove a contact person from a municipality; never the last one."""
    municipality = Municipality.objects.select_for_update().get(pk=contact.municipality_id)
    if municipality.contact_persons.count() <= 1:
        raise ValidationError(
            _("The last contact person cannot be removed. Invite a new one first."),
            code="last_contact_person",
        )
    contact.delete()
    pagecache.invalidate()


def contact_person_invitation_accept(invitation, user) -> str:
    """Make the invitee a contact person; they choose themselves whether to be public."""
    municipality = Municipality.objects.get(pk=invitation.object_id)
    ContactPerson.objects.get_or_create(
        user=user,
        municipality=municipality,
        defaults={"title": invitation.title, "public_email": user.email, "is_public": False},
    )
    return reverse("places:contact", args=[municipality.code])


def personal_data_of(user) -> dict:
    return {
        "municipal_contact_roles": [
            {
                "municipality": c.municipality.name_fi,
                "title": c.title,
                "public_email": c.public_email,
                "public_phone": c.public_phone,
                "is_public": c.is_public,
            }
            for c in user.contact_roles.select_related("municipality")
        ]
    }


PRIORITY_FIELDS = ["title", "age_group", "theme", "first_year", "last_year", "description"]


@transaction.atomic
def welfare_priority_save(*, form, municipality, user):
    """Save a priority from its form; the municipality's history says what changed."""
    priority = form.instance
    created = priority.pk is None
    saved = None if created else type(priority).objects.get(pk=priority.pk)
    before = history_snapshot(saved, PRIORITY_FIELDS) if saved else {}
    priority.municipality = municipality
    priority = form.save()
    history_record_diff(
        target=municipality,
        user=user,
        action="welfare_priority_added" if created else "welfare_priority_changed",
        before=before,
        after=history_snapshot(priority, PRIORITY_FIELDS),
        note=priority.title,
    )
    pagecache.invalidate("places")
    return priority


@transaction.atomic
def welfare_priority_delete(*, priority, user):
    history_record(
        target=priority.municipality,
        user=user,
        action="welfare_priority_removed",
        note=priority.title,
    )
    priority.delete()
    pagecache.invalidate("places")


PREMISES_FIELDS = [
    "name",
    "address",
    "capacity",
    "step_free",
    "induction_loop",
    "accessible_toilet",
    "is_free",
    "price",
    "booking",
    "booking_url",
    "contact_name",
    "contact_email",
    "contact_phone",
]


@transaction.atomic
def premises_save(*, form, municipality, user):
    """Save premises from their form; the municipality's history says what changed."""
    premises = form.instance
    created = premises.pk is None
    saved = None if created else type(premises).objects.get(pk=premises.pk)
    before = history_snapshot(saved, PREMISES_FIELDS) if saved else {}
    premises.municipality = municipality
    premises = form.save()
    history_record_diff(
        target=municipality,
        user=user,
        action="premises_added" if created else "premises_changed",
        before=before,
        after=history_snapshot(premises, PREMISES_FIELDS),
        note=premises.name,
    )
    pagecache.invalidate("places")
    return premises


@transaction.atomic
def premises_delete(*, premises, user):
    history_record(
        target=premises.municipality, user=user, action="premises_removed", note=premises.name
    )
    premises.delete()
    pagecache.invalidate("places")
