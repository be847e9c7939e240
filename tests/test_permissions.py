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
from forums.models import AgendaItem, Coordinator, Forum, Meeting, MeetingDocument, Membership
from forums.survey_services import forum_survey_create, template_create
from grants.models import ExportJob
from kumppanuus.accounts.services import invitation_create
from kumppanuus.notifications.models import Message
from kumppanuus.notifications.services import message_queue
from kumppanuus.places.models import WelfarePriority
from kumppanuus.places.services import CONTACT_PERSON_ROLE
from kumppanuus.uploads import stored_name
from tests import factories
from tests.agreements.conftest import make_agreement, make_premises
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
    "forums:list",
    "forums:detail",
    "forums:calendar",
    "forums:feed_all",
    "forums:feed",
    "forums:meeting",
    "forums:meeting_ics",
    "forums:register",
    # Works without logging in, for the invitee the signed link was made for.
    "forums:answer",
    # Works without logging in, for the person the survey's signed link was made for.
    "forums:survey_answer",
    "grants:rounds",
    "grants:round",
    "grants:calendar",
    "partnerships:index",
    "partnerships:region",
    "partnerships:compare",
    "partnerships:priorities",
    "partnerships:priority",
    "partnerships:guideline",
    "partnerships:version",
    "partnerships:print",
    "partnerships:changes",
    "grants:round_grants",
    "grants:statistics",
    "grants:year",
    "places:premises",
    "agreements:list",
}

# Every role the matrix knows. A row says who is allowed; the anonymous visitor
# is sent to log in and everyone else gets 403, unless the row says otherwise.
# A new role is one more name here and in the presets that allow it.
ROLES = [
    "anonymous",
    "outsider",
    "staff_without_permissions",
    "other_representative",
    "representative",
    "other_contact_person",
    "contact_person",
    "official",
    "admin",
]


def expect(*allowed, default=403, **others):
    """{role: expected outcome}: the allowed roles, LOGIN for anonymous, default for the rest."""
    outcome = dict.fromkeys(ROLES, default)
    outcome["anonymous"] = LOGIN
    outcome.update(others)
    outcome.update(dict.fromkeys(allowed, ALLOWED))
    assert set(outcome) == set(ROLES), set(outcome) ^ set(ROLES)
    return outcome


MANAGE = expect("representative", "admin")
OFFICIALS = expect("other_contact_person", "contact_person", "official", "admin")
CONTACTS = expect("contact_person", "admin")
ANY_USER = expect(*(role for role in ROLES if role != "anonymous"))
# In the world below the representative coordinates the forum and the
# municipality's contact person is one of its members.
FORUM_MEMBERS = expect("contact_person", "admin")
# Members-only documents are hidden (404) from everyone but members and coordinators.
MEMBERS_DOCUMENT = expect("representative", "contact_person", "admin", default=404, anonymous=404)

PRIORITY = lambda w: [w["municipality"].code, w["priority"].pk]  # noqa: E731
# A grant application is hidden (404) from everyone but its association's
# representatives, the officers of the round's body (tests/grants/test_officer.py)
# and administrators (who, as superusers, may also act for the association).
APPLICATION = expect("representative", "admin", default=404)
ROUND_OFFICERS = expect("admin")
# Only the round's reviewers (tests/grants/test_review.py) and administrators.
REVIEW = expect("admin", default=404)
# The officer's actions on one application: its representative may see it (403), others not.
BONUS = expect("admin", default=404, representative=403)

# A draft agreement between the contact person's municipality and the
# representative's association: hidden (404) from everyone but them and administrators.
DRAFT_AGREEMENT = expect("representative", "contact_person", "admin", default=404, anonymous=404)
AGREEMENT_PARTIES = expect("representative", "contact_person", "admin")
# Only a party accepts for itself; the others who see the draft get 403.
ACCEPT_FOR_ASSOCIATION = expect("representative", default=404, contact_person=403, admin=403)
ACCEPT_FOR_MUNICIPALITY = expect("contact_person", default=404, representative=403, admin=403)
PREMISES = lambda w: [w["municipality"].code, w["premises"].pk]  # noqa: E731
DRAFT = lambda w: [w["draft_agreement"].pk]  # noqa: E731
ACTIVE = lambda w: [w["active_agreement"].pk]  # noqa: E731

GUIDELINE = lambda w: ["kunta", w["municipality"].code]  # noqa: E731
# A county's guideline has no contact persons of its own: administrators keep it.
COUNTY_GUIDELINE = lambda w: ["hyvinvointialue", w["municipality"].county.code]  # noqa: E731

# (url name, method, how to build the args from the world, expected per role)
MATRIX = [
    ("partnerships:edit", "get", GUIDELINE, CONTACTS),
    ("partnerships:edit", "post", GUIDELINE, CONTACTS),
    ("partnerships:publish", "get", GUIDELINE, CONTACTS),
    ("partnerships:publish", "post", GUIDELINE, CONTACTS),
    ("partnerships:edit", "get", COUNTY_GUIDELINE, expect("admin")),
    ("partnerships:edit", "post", COUNTY_GUIDELINE, expect("admin")),
    ("partnerships:publish", "get", COUNTY_GUIDELINE, expect("admin")),
    ("partnerships:publish", "post", COUNTY_GUIDELINE, expect("admin")),
    ("places:premises_manage", "get", lambda w: [w["municipality"].code], CONTACTS),
    ("places:premises_manage", "post", lambda w: [w["municipality"].code], CONTACTS),
    ("places:premises_edit", "get", PREMISES, CONTACTS),
    ("places:premises_edit", "post", PREMISES, CONTACTS),
    ("places:premises_delete", "get", PREMISES, CONTACTS),
    ("places:premises_delete", "post", PREMISES, CONTACTS),
    ("agreements:manage", "get", lambda w: [w["municipality"].code], CONTACTS),
    ("agreements:create", "get", lambda w: [w["municipality"].code], CONTACTS),
    ("agreements:create", "post", lambda w: [w["municipality"].code], CONTACTS),
    ("agreements:detail", "get", DRAFT, DRAFT_AGREEMENT),
    ("agreements:edit", "get", DRAFT, CONTACTS),
    ("agreements:edit", "post", DRAFT, CONTACTS),
    (
        "agreements:accept",
        "get",
        lambda w: [w["draft_agreement"].pk, w["association_party"].pk],
        ACCEPT_FOR_ASSOCIATION,
    ),
    (
        "agreements:accept",
        "post",
        lambda w: [w["draft_agreement"].pk, w["association_party"].pk],
        ACCEPT_FOR_ASSOCIATION,
    ),
    (
        "agreements:accept",
        "post",
        lambda w: [w["draft_agreement"].pk, w["municipality_party"].pk],
        ACCEPT_FOR_MUNICIPALITY,
    ),
    ("agreements:history", "get", DRAFT, AGREEMENT_PARTIES),
    ("agreements:dates", "get", ACTIVE, CONTACTS),
    ("agreements:dates", "post", ACTIVE, CONTACTS),
    ("agreements:terminate", "get", ACTIVE, CONTACTS),
    ("agreements:terminate", "post", ACTIVE, CONTACTS),
    ("agreements:attachment_add", "get", ACTIVE, CONTACTS),
    ("agreements:attachment_add", "post", ACTIVE, CONTACTS),
    (
        "agreements:attachment",
        "get",
        lambda w: [w["draft_agreement"].pk, w["agreement_attachment"].pk],
        DRAFT_AGREEMENT,
    ),
    (
        "agreements:attachment_delete",
        "get",
        lambda w: [w["draft_agreement"].pk, w["agreement_attachment"].pk],
        CONTACTS,
    ),
    (
        "agreements:attachment_delete",
        "post",
        lambda w: [w["draft_agreement"].pk, w["agreement_attachment"].pk],
        CONTACTS,
    ),
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
    ("places:priorities", "get", lambda w: [w["municipality"].code], CONTACTS),
    ("places:priorities", "post", lambda w: [w["municipality"].code], CONTACTS),
    ("places:priority_edit", "get", PRIORITY, CONTACTS),
    (
        "places:priority_edit",
        "post",
        lambda w: [w["municipality"].code, w["priority"].pk],
        CONTACTS,
    ),
    (
        "places:priority_delete",
        "get",
        lambda w: [w["municipality"].code, w["priority"].pk],
        CONTACTS,
    ),
    (
        "places:priority_delete",
        "post",
        lambda w: [w["municipality"].code, w["priority"].pk],
        CONTACTS,
    ),
    ("notifications:resend", "post", lambda w: [w["failed_message"].pk], MANAGE),
    ("forums:create", "get", lambda w: [], OFFICIALS),
    ("forums:edit", "get", lambda w: [w["forum"].pk], MANAGE),
    ("forums:edit", "post", lambda w: [w["forum"].pk], MANAGE),
    ("forums:members", "get", lambda w: [w["forum"].pk], MANAGE),
    ("forums:members", "post", lambda w: [w["forum"].pk], MANAGE),
    ("forums:member_end", "post", lambda w: [w["forum"].pk, w["membership"].pk], MANAGE),
    ("forums:coordinator_add", "post", lambda w: [w["forum"].pk], MANAGE),
    ("forums:meeting_create", "get", lambda w: [w["forum"].pk], MANAGE),
    ("forums:meeting_create", "post", lambda w: [w["forum"].pk], MANAGE),
    ("forums:meeting_manage", "get", lambda w: [w["meeting"].pk], MANAGE),
    ("forums:meeting_manage", "post", lambda w: [w["meeting"].pk], MANAGE),
    ("forums:meeting_edit", "get", lambda w: [w["meeting"].pk], MANAGE),
    ("forums:meeting_edit", "post", lambda w: [w["meeting"].pk], MANAGE),
    ("forums:meeting_invite", "post", lambda w: [w["meeting"].pk], MANAGE),
    ("forums:meeting_cancel", "get", lambda w: [w["meeting"].pk], MANAGE),
    ("forums:meeting_cancel", "post", lambda w: [w["meeting"].pk], MANAGE),
    ("forums:attendance", "get", lambda w: [w["meeting"].pk], MANAGE),
    ("forums:attendance", "post", lambda w: [w["meeting"].pk], MANAGE),
    ("forums:attendance_export", "get", lambda w: [w["meeting"].pk, "xlsx"], MANAGE),
    ("forums:rhythm", "get", lambda w: [], OFFICIALS),
    ("forums:print", "get", lambda w: [w["meeting"].pk], MANAGE),
    (
        "forums:agenda_remove",
        "post",
        lambda w: [w["meeting"].pk, w["agenda_item"].pk],
        MANAGE,
    ),
    ("forums:meeting_answer", "post", lambda w: [w["meeting"].pk], FORUM_MEMBERS),
    # Surveys and their results: the forum's coordinators and administrators only.
    ("forums:surveys", "get", lambda w: [w["forum"].pk], MANAGE),
    ("forums:survey_create", "get", lambda w: [w["forum"].pk], MANAGE),
    ("forums:survey_create", "post", lambda w: [w["forum"].pk], MANAGE),
    ("forums:survey_template_create", "get", lambda w: [w["forum"].pk], MANAGE),
    ("forums:survey_template_create", "post", lambda w: [w["forum"].pk], MANAGE),
    ("forums:survey_template", "get", lambda w: [w["forum"].pk, w["survey_template"].pk], MANAGE),
    ("forums:survey_template", "post", lambda w: [w["forum"].pk, w["survey_template"].pk], MANAGE),
    ("forums:meeting_survey", "get", lambda w: [w["meeting"].pk], MANAGE),
    ("forums:meeting_survey", "post", lambda w: [w["meeting"].pk], MANAGE),
    ("forums:survey", "get", lambda w: [w["survey"].pk], MANAGE),
    ("forums:survey", "post", lambda w: [w["survey"].pk], MANAGE),
    ("forums:survey_send", "post", lambda w: [w["survey"].pk], MANAGE),
    ("forums:survey_results", "get", lambda w: [w["survey"].pk], MANAGE),
    ("forums:survey_export", "get", lambda w: [w["survey"].pk, "xlsx"], MANAGE),
    (
        "forums:document",
        "get",
        lambda w: [w["meeting"].pk, w["members_document"].pk],
        MEMBERS_DOCUMENT,
    ),
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
    ("grants:export", "post", lambda w: [w["round"].pk, "xlsx"], ROUND_OFFICERS),
    ("grants:export_job", "get", lambda w: [w["round"].pk, w["export_job"].pk], ROUND_OFFICERS),
    (
        "grants:export_download",
        "get",
        lambda w: [w["round"].pk, w["export_job"].pk],
        ROUND_OFFICERS,
    ),
    ("grants:decide_selection", "post", lambda w: [w["round"].pk], ROUND_OFFICERS),
    # A published grant of the representative's association.
    ("grants:payments", "get", lambda w: [w["grant"].pk], APPLICATION),
    ("grants:payments", "post", lambda w: [w["grant"].pk], BONUS),
    ("grants:round_message", "get", lambda w: [w["round"].pk], ROUND_OFFICERS),
    ("grants:round_message", "post", lambda w: [w["round"].pk], ROUND_OFFICERS),
    # The world's application is a draft of an open round: the officer's forms say
    # why nothing can be done (tests/grants/test_more_info.py, test_late.py).
    ("grants:info_request", "get", lambda w: [w["application"].pk], BONUS),
    ("grants:info_request", "post", lambda w: [w["application"].pk], BONUS),
    ("grants:late_accept", "get", lambda w: [w["application"].pk], BONUS),
    ("grants:late_accept", "post", lambda w: [w["application"].pk], BONUS),
    ("grants:attachment_reuse", "post", lambda w: [w["application"].pk], APPLICATION),
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
    settings.MEDIA_ROOT = tmp_path / "media"
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
    forum = Forum.objects.create(name="JANE")
    Coordinator.objects.create(forum=forum, user=representative)
    Membership.objects.create(
        forum=forum, user=contact_person, term_start=timezone.localdate() - timedelta(days=1)
    )
    starts_at = timezone.now() + timedelta(days=7)
    meeting = Meeting.objects.create(
        forum=forum,
        title="JANE:n kokous",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        status=Meeting.Status.INVITED,
    )
    members_document = MeetingDocument(meeting=meeting, title="Luottamuksellinen")
    members_document.file.save("meetings/matrix.pdf", ContentFile(b"%PDF-1.4"), save=True)
    grant_round = grant_builders.make_open_round(grant_builders.make_body(municipality))
    application = grant_builders.make_application(grant_round, association)
    attachment = application.attachments.create(
        type="other",
        file=default_storage.save(stored_name("applications", "txt"), ContentFile(b"liite")),
        original_name="liite.txt",
    )
    grant = grant_builders.make_application(
        grant_builders.make_closed_round(grant_round.body),
        association,
        status="decided",
        decision="granted",
        granted_amount=1000,
        published_at=timezone.now(),
    )
    export_job = ExportJob.objects.create(
        round=grant_round, format="csv", user=admin_user, status="finished", file_name="a.csv"
    )
    export_job.file.save(stored_name("exports", "csv"), ContentFile(b"a;b\n"), save=True)
    draft_agreement = make_agreement(municipality, [association], title="Luonnos")
    active_agreement = make_agreement(
        municipality, [association], status="active", starts=-1, title="Voimassa"
    )
    agreement_attachment = draft_agreement.attachments.create(
        file=default_storage.save(stored_name("agreements", "txt"), ContentFile(b"liite")),
        original_name="sopimus.txt",
    )
    return {
        "grant": grant,
        "export_job": export_job,
        "premises": make_premises(municipality),
        "draft_agreement": draft_agreement,
        "association_party": draft_agreement.parties.get(association=association),
        "municipality_party": draft_agreement.parties.get(association=None),
        "active_agreement": active_agreement,
        "agreement_attachment": agreement_attachment,
        "forum": forum,
        "meeting": meeting,
        "agenda_item": AgendaItem.objects.create(meeting=meeting, title="Avaus"),
        "survey": forum_survey_create(
            forum=forum,
            template=None,
            title="Jäsenkysely",
            closes_at=timezone.now() + timedelta(days=14),
        ),
        "survey_template": template_create(forum=forum, name="Pohja", name_sv="", shared=False),
        "membership": forum.memberships.get(),
        "members_document": members_document,
        "round": grant_round,
        "application": application,
        "attachment": attachment,
        "association": association,
        "municipality": municipality,
        "second_representation": association.representations.get(user=second),
        "request": request,
        "failed_message": failed_message,
        "priority": WelfarePriority.objects.create(
            municipality=municipality,
            title="Nuorten osallisuus",
            age_group="youth",
            theme="community",
            first_year=2025,
            last_year=2028,
        ),
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
            "staff_without_permissions": factories.make_user(
                "henkilokunta@example.fi", is_staff=True
            ),
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


@pytest.mark.parametrize(
    ("perm", "model", "holders"),
    [
        ("associations.edit_association", "associations.Association", ["representative"]),
        ("places.manage_municipality", "places.Municipality", ["contact_person"]),
        ("agreements.edit_agreement", "agreements.Agreement", ["contact_person"]),
    ],
)
def test_the_queryset_form_of_a_permission_agrees_with_the_rule(world, perm, model, holders):
    from django.apps import apps

    from kumppanuus.accounts.access import objects_for_user

    objects = apps.get_model(model).objects.all()
    if model == "places.Municipality":
        objects = objects.filter(code__in=["426", "167", "309"])
    for role, user in world["users"].items():
        if user is None:
            continue
        listed = set(objects_for_user(user, perm, objects))
        checked = {obj for obj in objects if user.has_perm(perm, obj)}
        assert listed == checked, role
        if role in [*holders, "admin"]:
            assert listed, role
