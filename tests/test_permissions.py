"""The permission matrix: every private URL × every role.

A URL name that is neither in PUBLIC nor in the matrix fails
test_every_url_is_classified, so a new private page cannot slip in unchecked.
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import get_resolver, reverse
from django.utils import timezone

from associations.models import RepresentationRequest
from associations.services import REPRESENTATIVE_ROLE
from kumppanuus.accounts.services import invitation_create
from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import message_queue
from kumppanuus.places.services import CONTACT_PERSON_ROLE
from kumppanuus.uploads import stored_name
from tests import factories
from tests.grants import builders as grant_builders

LOGIN = "login"
ALLOWED = "allowed"

PUBLIC = {
    "home",
    "accessibility",
    "privacy",
    "health",
    "language",
    "associations:directory",
    "associations:detail",
    "associations:detail_short",
    "associations:municipalities",
    "associations:municipality",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation",
    # Works without logging in, for the person the signed link was made for.
    "notifications:unsubscribe",
    "grants:rounds",
    "grants:round",
    "grants:calendar",
}

ROLES = [
    "anonymous",
    "outsider",
    "other_representative",
    "representative",
    "other_contact_person",
    "contact_person",
    "official",
    "admin",
]


def _row(anonymous, outsider, other_rep, rep, other_contact, contact, official, admin):
    return dict(
        zip(
            ROLES,
            [anonymous, outsider, other_rep, rep, other_contact, contact, official, admin],
            strict=True,
        )
    )


MANAGE = _row(LOGIN, 403, 403, ALLOWED, 403, 403, 403, ALLOWED)
OFFICIALS = _row(LOGIN, 403, 403, 403, ALLOWED, ALLOWED, ALLOWED, ALLOWED)
CONTACTS = _row(LOGIN, 403, 403, 403, 403, ALLOWED, 403, ALLOWED)
ANY_USER = _row(LOGIN, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED, ALLOWED)
# A grant application is hidden (404) from everyone but its association's
# representatives, the officers of the round's body (tests/grants/test_officer.py)
# and administrators (who, as superusers, may also act for the association).
APPLICATION = _row(LOGIN, 404, 404, ALLOWED, 404, 404, 404, ALLOWED)
ROUND_OFFICERS = _row(LOGIN, 403, 403, 403, 403, 403, 403, ALLOWED)
# Only the round's reviewers (tests/grants/test_review.py) and administrators.
REVIEW = _row(LOGIN, 404, 404, 404, 404, 404, 404, ALLOWED)
# The officer's actions on one application: its representative may see it (403), others not.
BONUS = _row(LOGIN, 404, 404, 403, 404, 404, 404, ALLOWED)

# (url name, method, how to build the args from the world, expected per role)
MATRIX = [
    ("associations:edit", "get", lambda w: [w["association"].pk], MANAGE),
    ("associations:edit", "post", lambda w: [w["association"].pk], MANAGE),
    ("associations:manage", "get", lambda w: [w["association"].pk], MANAGE),
    ("associations:manage", "post", lambda w: [w["association"].pk], MANAGE),
    ("associations:history", "get", lambda w: [w["association"].pk], MANAGE),
    (
        "associations:representative_remove",
        "post",
        lambda w: [w["association"].pk, w["second_representation"].pk],
        MANAGE,
    ),
    (
        "associations:request_decide",
        "post",
        lambda w: [w["association"].pk, w["request"].pk, "approve"],
        MANAGE,
    ),
    (
        "associations:representative_remove",
        "get",
        lambda w: [w["association"].pk, w["second_representation"].pk],
        MANAGE,
    ),
    (
        "associations:request_decide",
        "get",
        lambda w: [w["association"].pk, w["request"].pk, "reject"],
        MANAGE,
    ),
    (
        "associations:invitation_cancel",
        "post",
        lambda w: [w["association"].pk, w["invitation"].pk],
        MANAGE,
    ),
    (
        "associations:invitation_resend",
        "post",
        lambda w: [w["association"].pk, w["invitation"].pk],
        MANAGE,
    ),
    ("associations:verify", "post", lambda w: [w["association"].pk], CONTACTS),
    ("associations:export", "get", lambda w: ["csv"], OFFICIALS),
    ("places:contact", "get", lambda w: [w["municipality"].code], CONTACTS),
    ("places:contact", "post", lambda w: [w["municipality"].code], CONTACTS),
    (
        "places:contact_remove",
        "get",
        lambda w: [w["municipality"].code, w["second_contact"].pk],
        CONTACTS,
    ),
    (
        "places:contact_remove",
        "post",
        lambda w: [w["municipality"].code, w["second_contact"].pk],
        CONTACTS,
    ),
    (
        "places:invitation_cancel",
        "post",
        lambda w: [w["municipality"].code, w["municipal_invitation"].pk],
        CONTACTS,
    ),
    (
        "places:invitation_resend",
        "post",
        lambda w: [w["municipality"].code, w["municipal_invitation"].pk],
        CONTACTS,
    ),
    ("associations:create", "get", lambda w: [], ANY_USER),
    ("associations:request", "get", lambda w: [w["association"].pk], ANY_USER),
    ("dashboard", "get", lambda w: [], ANY_USER),
    ("accounts:profile", "get", lambda w: [], ANY_USER),
    ("accounts:my_data", "get", lambda w: [], ANY_USER),
    ("accounts:password_change", "get", lambda w: [], ANY_USER),
    ("notifications:settings", "post", lambda w: [], ANY_USER),
    ("notifications:resend", "post", lambda w: [w["failed_message"].pk], MANAGE),
    ("grants:apply", "get", lambda w: [w["round"].pk], ANY_USER),
    ("grants:apply", "post", lambda w: [w["round"].pk], ANY_USER),
    ("grants:round_applications", "get", lambda w: [w["round"].pk], ROUND_OFFICERS),
    ("grants:round_reviewers", "get", lambda w: [w["round"].pk], ROUND_OFFICERS),
    ("grants:round_reviewers", "post", lambda w: [w["round"].pk], ROUND_OFFICERS),
    ("grants:review", "get", lambda w: [w["application"].pk], REVIEW),
    ("grants:review", "post", lambda w: [w["application"].pk], REVIEW),
    ("grants:application_bonus", "post", lambda w: [w["application"].pk], BONUS),
    ("grants:decide", "get", lambda w: [w["application"].pk], BONUS),
    ("grants:decide", "post", lambda w: [w["application"].pk], BONUS),
    ("grants:decisions_publish", "get", lambda w: [w["round"].pk], ROUND_OFFICERS),
    ("grants:decisions_publish", "post", lambda w: [w["round"].pk], ROUND_OFFICERS),
    ("grants:export", "get", lambda w: [w["round"].pk, "csv"], ROUND_OFFICERS),
    ("grants:usage_report", "get", lambda w: [w["application"].pk], APPLICATION),
    # The world's application is a draft: no grant to report on yet (tests/grants).
    ("grants:usage_report", "post", lambda w: [w["application"].pk], BONUS),
    ("grants:round_create", "get", lambda w: [], ROUND_OFFICERS),
    ("grants:round_create", "post", lambda w: [], ROUND_OFFICERS),
    ("grants:round_edit", "get", lambda w: [w["round"].pk], ROUND_OFFICERS),
    ("grants:round_edit", "post", lambda w: [w["round"].pk], ROUND_OFFICERS),
    ("grants:round_copy", "get", lambda w: [w["round"].pk], ROUND_OFFICERS),
    ("grants:round_copy", "post", lambda w: [w["round"].pk], ROUND_OFFICERS),
    ("grants:application", "get", lambda w: [w["application"].pk], APPLICATION),
    ("grants:application", "post", lambda w: [w["application"].pk], APPLICATION),
    ("grants:attachment_add", "post", lambda w: [w["application"].pk], APPLICATION),
    (
        "grants:attachment",
        "get",
        lambda w: [w["application"].pk, w["attachment"].pk],
        APPLICATION,
    ),
    (
        "grants:attachment_delete",
        "get",
        lambda w: [w["application"].pk, w["attachment"].pk],
        APPLICATION,
    ),
    (
        "grants:attachment_delete",
        "post",
        lambda w: [w["application"].pk, w["attachment"].pk],
        APPLICATION,
    ),
    ("grants:submit", "get", lambda w: [w["application"].pk], APPLICATION),
    ("grants:submit", "post", lambda w: [w["application"].pk], APPLICATION),
    ("grants:receipt", "get", lambda w: [w["application"].pk], APPLICATION),
    ("grants:withdraw", "get", lambda w: [w["application"].pk], APPLICATION),
    ("grants:withdraw", "post", lambda w: [w["application"].pk], APPLICATION),
]


def _all_url_names():
    names = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                namespace = pattern.namespace
                if namespace == "admin":
                    continue
                walk(pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix)
            elif pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_is_classified():
    classified = PUBLIC | {name for name, *_ in MATRIX}
    assert _all_url_names() - classified == set()


@pytest.fixture
def world(
    settings,
    tmp_path,
    association,
    representative,
    other_representative,
    contact_person,
    other_contact_person,
    official,
    admin_user,
    outsider,
):
    second = factories.make_representative(association)
    requester = factories.make_user()
    municipality = association.municipalities.get()
    colleague = factories.make_contact_person(municipality)
    request = RepresentationRequest.objects.create(association=association, user=requester)
    failed_message = message_queue(
        kind="representation_request",
        target=request,
        recipient_email=representative.email,
        language="fi",
        due_at=timezone.now() + timedelta(days=1),
    )
    Message.objects.filter(pk=failed_message.pk).update(status=Message.Status.FAILED)
    settings.MEDIA_ROOT = tmp_path / "media"
    grant_round = grant_builders.make_open_round(grant_builders.make_body(municipality))
    application = grant_builders.make_application(grant_round, association)
    attachment = application.attachments.create(
        type="other",
        file=default_storage.save(stored_name("applications", "txt"), ContentFile(b"liite")),
        original_name="liite.txt",
    )
    return {
        "round": grant_round,
        "application": application,
        "attachment": attachment,
        "association": association,
        "municipality": municipality,
        "second_representation": association.representations.get(user=second),
        "request": request,
        "failed_message": failed_message,
        "second_contact": municipality.contact_persons.get(user=colleague),
        "invitation": invitation_create(
            email="kutsuttu@example.fi",
            role=REPRESENTATIVE_ROLE,
            target=association,
            invited_by=representative,
            title="secretary",
        ),
        "municipal_invitation": invitation_create(
            email="kollega@example.fi",
            role=CONTACT_PERSON_ROLE,
            target=municipality,
            invited_by=contact_person,
        ),
        "users": {
            "anonymous": None,
            "outsider": outsider,
            "other_representative": other_representative,
            "representative": representative,
            "other_contact_person": other_contact_person,
            "contact_person": contact_person,
            "official": official,
            "admin": admin_user,
        },
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "args", "expected"), MATRIX, ids=[f"{m[0]}-{m[1]}" for m in MATRIX]
)
def test_permission_matrix(client, world, role, name, method, args, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = reverse(name, args=args(world))
    response = getattr(client, method)(url)
    outcome = expected[role]
    if outcome == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    elif outcome == ALLOWED:
        assert response.status_code in (200, 302, 400), response.status_code
        if response.status_code == 302:
            assert not response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == outcome


def test_representative_of_a_gets_403_on_every_editing_url_of_b(
    client, representative, other_association
):
    client.force_login(representative)
    pk = other_association.pk
    for url in [
        reverse("associations:edit", args=[pk]),
        reverse("associations:manage", args=[pk]),
        reverse("associations:history", args=[pk]),
    ]:
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "Kaapattu"}).status_code == 403
    other_association.refresh_from_db()
    assert other_association.name == "Joensuun Eläkeläiset ry"
