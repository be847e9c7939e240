import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kumppanuus import pagecache
from kumppanuus.accounts.models import User
from kumppanuus.accounts.services import invitation_create
from kumppanuus.history.services import history_record
from kumppanuus.notifications.services import message_queue

from .models import (
    Association,
    AssociationChange,
    Representation,
    RepresentationRequest,
)

REPRESENTATIVE_ROLE = "association_representative"
logger = logging.getLogger(__name__)
M2M_FIELDS = ["municipalities", "fields", "target_groups"]
TRACKED_FIELDS = [*Association.PROFILE_FIELDS, "is_active"]


def display_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "–"
    return str(value)


def association_snapshot(association: Association) -> dict[str, str]:
    """The tracked fields as text, to compare before and after a change."""
    snapshot = {}
    for name in TRACKED_FIELDS:
        if name in M2M_FIELDS:
            related = getattr(association, name).all() if association.pk else []
            snapshot[name] = ", ".join(sorted(r.name_fi for r in related))
        else:
            snapshot[name] = display_value(getattr(association, name))
    return snapshot


def diff_snapshots(before: dict, after: dict) -> dict[str, list[str]]:
    return {
        key: [before.get(key, ""), value]
        for key, value in after.items()
        if before.get(key, "") != value
    }


def _log(association, user, action, changes=None):
    history_record(target=association, user=user, action=action, changes=changes)


def _record_change(association, user, action, before: dict, *, always=False) -> None:
    """Write what changed since `before` to the history and refresh the public pages."""
    changes = diff_snapshots(before, association_snapshot(association))
    if changes or always:
        _log(association, user, action, changes)
    pagecache.invalidate("associations")


def association_record_change(
    *, association: Association, user: User | None, before: dict, created: bool
) -> None:
    """Write the history of a change made elsewhere (the admin) and refresh public pages."""
    action = AssociationChange.Action.CREATED if created else AssociationChange.Action.UPDATED
    _record_change(association, user, action, before, always=created)


def representatives_record_change(
    *, association: Association, user: User | None, added: list, removed: list
) -> None:
    """History of representatives added or removed in the admin."""
    for person in added:
        _log(
            association,
            user,
            AssociationChange.Action.REPRESENTATIVE_ADDED,
            {"person": ["", str(person)]},
        )
    for person in removed:
        _log(
            association,
            user,
            AssociationChange.Action.REPRESENTATIVE_REMOVED,
            {"person": [str(person), ""]},
        )


def _apply(association: Association, data: dict) -> None:
    for name, value in data.items():
        if name not in M2M_FIELDS and name in TRACKED_FIELDS:
            setattr(association, name, value)
    association.full_clean(validate_unique=False)
    association.save()
    for name in M2M_FIELDS:
        if name in data:
            getattr(association, name).set(data[name])


@transaction.atomic
def association_create(
    *,
    data: dict,
    user: User | None,
    role: str = Representation.Role.CONTACT,
    action=AssociationChange.Action.CREATED,
    by: User | None = None,
    verified: bool = True,
) -> Association:
    """Register a new association; its creator becomes its first representative.

    by is who the history names when that is not the representative (an import
    run by an administrator passes user=None and by=the administrator).
    verified=False marks one that a person registered for themselves, to be
    checked by a contact person of its municipality or an administrator.
    """
    association = Association(is_verified=verified)
    _apply(association, data)
    if user is not None:
        Representation.objects.create(association=association, user=user, role=role)
    _record_change(association, by if by is not None else user, action, {}, always=True)
    return association


@transaction.atomic
def association_verify(*, association: Association, by: User) -> Association:
    """A contact person of its municipality or an administrator confirms the association."""
    association = Association.objects.select_for_update().get(pk=association.pk)
    if not association.is_verified:
        association.is_verified = True
        association.verified_by = by
        association.verified_at = timezone.now()
        association.save(update_fields=["is_verified", "verified_by", "verified_at", "updated_at"])
        pagecache.invalidate()
    return association


@transaction.atomic
def association_update(
    *,
    association: Association,
    data: dict,
    user: User | None,
    action=AssociationChange.Action.UPDATED,
) -> Association:
    before = association_snapshot(Association.objects.get(pk=association.pk))
    _apply(association, data)
    _record_change(association, user, action, before)
    return association


@transaction.atomic
def representative_invite(
    *, association: Association, email: str, role: str, invited_by: User, language: str = ""
):
    invitation = invitation_create(
        email=email,
        role=REPRESENTATIVE_ROLE,
        target=association,
        invited_by=invited_by,
        title=role,
        language=language,
    )
    _log(
        association,
        invited_by,
        AssociationChange.Action.REPRESENTATIVE_INVITED,
        {"email": ["", email], "role": ["", role]},
    )
    return invitation


def representative_role_label(code: str):
    """The translated name of a representative's role (an invitation's title)."""
    return Representation.Role(code).label if code in Representation.Role.values else None


def representative_invitation_accept(invitation, user: User) -> str:
    """Grant the role of an accepted invitation (registered in AssociationsConfig.ready)."""
    association = Association.objects.select_for_update().get(pk=invitation.object_id)
    role = invitation.title if invitation.title in Representation.Role.values else "contact"
    _, created = Representation.objects.get_or_create(
        association=association, user=user, defaults={"role": role}
    )
    if created:
        _log(
            association,
            user,
            AssociationChange.Action.REPRESENTATIVE_ADDED,
            {"person": ["", str(user)]},
        )
    return reverse("associations:manage", args=[association.pk])


@transaction.atomic
def representative_remove(*, representation: Representation, by: User) -> None:
    association = Association.objects.select_for_update().get(pk=representation.association_id)
    if association.representations.count() <= 1:
        raise ValidationError(
            _("The last representative cannot be removed. Invite a new one first."),
            code="last_representative",
        )
    person = str(representation.user)
    representation.delete()
    _log(association, by, AssociationChange.Action.REPRESENTATIVE_REMOVED, {"person": [person, ""]})


@transaction.atomic
def representation_request_create(
    *, association: Association, user: User, role: str, message: str
) -> RepresentationRequest:
    request = RepresentationRequest.objects.create(
        association=association, user=user, role=role, message=message
    )
    url = reverse("associations:manage", args=[association.pk])
    recipients = [r.user for r in association.representations.select_related("user")]
    if not recipients:
        # No one represents the association: its municipalities' contact persons decide.
        recipients = list(
            User.objects.filter(
                is_active=True, contact_roles__municipality__in=association.municipalities.all()
            ).distinct()
        )
        url = reverse("dashboard")
    for recipient in recipients:
        message_queue(
            kind="representation_request",
            target=request,
            recipient_email=recipient.email,
            language=recipient.language,
            due_at=request.created_at,
            context={
                "requester": str(user),
                "association": association.name,
                "message": message,
                "url": url,
            },
        )
    return request


@transaction.atomic
def representation_request_decide(
    *, request: RepresentationRequest, by: User, approve: bool
) -> RepresentationRequest:
    request = RepresentationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RepresentationRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    request.status = (
        RepresentationRequest.Status.APPROVED if approve else RepresentationRequest.Status.REJECTED
    )
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    association = request.association
    if approve:
        Representation.objects.get_or_create(
            association=association, user=request.user, defaults={"role": request.role}
        )
    _log(
        association,
        by,
        AssociationChange.Action.REQUEST_APPROVED
        if approve
        else AssociationChange.Action.REQUEST_REJECTED,
        {"person": ["", str(request.user)]},
    )
    message_queue(
        kind="representation_request_decided",
        target=request,
        recipient_email=request.user.email,
        language=request.user.language,
        due_at=request.decided_at,
        context={
            "association": association.name,
            "approved": approve,
            "url": reverse("associations:manage", args=[association.pk])
            if approve
            else association.get_absolute_url(),
        },
    )
    return request


def personal_data_of(user: User) -> dict:
    return {
        "representations": [
            {"association": r.association.name, "role": r.role, "since": r.created_at.isoformat()}
            for r in user.representations.select_related("association")
        ],
        "representation_requests": [
            {
                "association": r.association.name,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
            }
            for r in user.representation_requests.select_related("association")
        ],
    }


def municipality_merge_record(*, ended, successor) -> None:
    """History for each association of a municipality that merges into successor.

    The places app calls this (registered in AppConfig.ready) before it moves the
    associations, so the history shows the ended municipality and its successor.
    """
    for association in Association.objects.filter(municipalities=ended).prefetch_related(
        "municipalities"
    ):
        names = {m.name_fi for m in association.municipalities.all()}
        after = (names - {ended.name_fi}) | {successor.name_fi}
        _log(
            association,
            None,
            AssociationChange.Action.UPDATED,
            {"municipalities": [", ".join(sorted(names)), ", ".join(sorted(after))]},
        )


@transaction.atomic
def import_job_create(*, upload, user: User, dry_run: bool):
    """Keep the uploaded file privately and start its import in the background."""
    from kumppanuus.uploads import stored_name

    from .models import ImportJob
    from .tasks import run_import

    job = ImportJob(user=user, original_name=upload.checked.original_name, dry_run=dry_run)
    job.file.save(stored_name("imports", upload.checked.extension), upload, save=False)
    job.save()
    transaction.on_commit(lambda: run_import.delay(job.pk))
    return job


def import_job_run(*, job_id: int) -> None:
    """Run a queued import once, recording its progress and its report, then drop the file."""
    from .importing import import_associations
    from .models import ImportJob

    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("user").get(pk=job_id)

    def progress(done, total):
        ImportJob.objects.filter(pk=job_id).update(done_rows=done, total_rows=total)

    try:
        with job.file.open("rb") as handle:
            report = import_associations(
                handle,
                name=job.original_name,
                user=job.user,
                dry_run=job.dry_run,
                progress=progress,
            )
        status = ImportJob.Status.FINISHED
    except Exception:
        logger.exception("The import %s failed", job_id)
        report, status = None, ImportJob.Status.FAILED
    job.file.delete(save=False)
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        report=report.to_dict() if report else {},
        file="",
        finished_at=timezone.now(),
    )
