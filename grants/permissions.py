import rules
from django.db.models import Q

from associations.permissions import is_representative
from kumppanuus.compiled import CompiledQuery

from .models import GrantOfficer

# Every officer's page checks it: compiled once per connection (kumppanuus.compiled).
_OFFICER = CompiledQuery(
    lambda body, user: GrantOfficer.objects.filter(body=body, user=user).values("pk")[:1],
    body=int,
    user=int,
)


@rules.predicate
def is_officer_of_round(user, round):
    if not user.is_authenticated or round is None:
        return False
    return bool(_OFFICER(body=round.body_id, user=user.pk))


@rules.predicate
def represents_applicant(user, application):
    return is_representative(user, application.association)


@rules.predicate
def is_officer_of_application(user, application):
    return is_officer_of_round(user, application.round)


@rules.predicate
def application_is_editable(_user, application):
    return application.is_editable_status and application.deadline_holds()


@rules.predicate
def info_can_be_asked(_user, application):
    return application.status == application.Status.SUBMITTED and not application.published_at


@rules.predicate
def late_draft(_user, application):
    return application.status == application.Status.DRAFT and not application.round.is_open()


@rules.predicate
def application_can_be_withdrawn(_user, application):
    return (
        application.status
        in (application.Status.DRAFT, application.Status.SUBMITTED, application.Status.RETURNED)
        and application.round.is_open()
    )


@rules.predicate
def is_reviewer_of_application(user, application):
    if not user.is_authenticated:
        return False
    return application.round.reviewers.filter(user=user).exists()


@rules.predicate
def application_is_sent(_user, application):
    return application.status not in (application.Status.DRAFT, application.Status.WITHDRAWN)


@rules.predicate
def attachment_viewable(user, attachment):
    return can_view_application(user, attachment.application)


can_view_application = (
    represents_applicant
    | is_officer_of_application
    | (is_reviewer_of_application & application_is_sent)
    | rules.is_superuser
)

rules.add_perm("grants.manage_round", is_officer_of_round | rules.is_superuser)
rules.add_perm("grants.view_application", can_view_application)
rules.add_perm("grants.edit_application", represents_applicant & application_is_editable)
rules.add_perm("grants.withdraw_application", represents_applicant & application_can_be_withdrawn)
rules.add_perm("grants.view_attachment", attachment_viewable)
# A reviewer who represents the applicant (or sits on its board, which the
# representations record) is disqualified (esteellinen) and cannot score it.
rules.add_perm(
    "grants.score_application",
    is_reviewer_of_application & application_is_sent & ~represents_applicant,
)
rules.add_perm("grants.set_bonus", is_officer_of_application | rules.is_superuser)
# Who may; whether the application is in a state for it is checked by the view and service.
rules.add_perm("grants.request_info", is_officer_of_application | rules.is_superuser)
rules.add_perm("grants.accept_late", is_officer_of_application | rules.is_superuser)


@rules.predicate
def is_published_grant(_user, application):
    return bool(application.published_at) and application.decision == "granted"


@rules.predicate
def report_is_open(_user, application):
    report = getattr(application, "usage_report", None)
    return report is None or report.status == "more_asked"


rules.add_perm(
    "grants.send_usage_report", represents_applicant & is_published_grant & report_is_open
)
rules.add_perm(
    "grants.decide_application",
    (is_officer_of_application | rules.is_superuser) & application_is_sent,
)


def visible_applications(user):
    """What a person may see: a view fetches from this, so others' applications are 404."""
    from .models import Application

    if not user.is_authenticated:
        return Application.objects.none()
    if user.is_superuser:
        return Application.objects.all()
    ids = Application.objects.filter(
        Q(association__representations__user=user)
        | Q(round__body__officers__user=user)
        | Q(round__reviewers__user=user) & ~Q(status__in=["draft", "withdrawn"])
    ).values("pk")
    return Application.objects.filter(pk__in=ids)


rules.add_perm(
    "grants.record_payment",
    (is_officer_of_application | rules.is_superuser) & is_published_grant,
)
