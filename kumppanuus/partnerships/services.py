"""Use-cases of the cooperation guidelines: start from the template, save the draft, publish."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kumppanuus import pagecache
from kumppanuus.history.services import history_record
from kumppanuus.places.models import Municipality

from .models import Guideline, GuidelineVersion
from .sections import SECTION_KEYS, template_sections
from .text import clean_html

PAGE_TOPIC = "guidelines"


class EditConflict(Exception):
    """Someone saved the draft after the person opened it."""


def _template_language(owner) -> str:
    if isinstance(owner, Municipality) and owner.language == Municipality.Language.SWEDISH:
        return "sv"
    return "fi"


def guideline_for(owner, *, create=False) -> Guideline | None:
    """The owner's guideline; with create=True a new one starts from the template."""
    field = "municipality" if isinstance(owner, Municipality) else "county"
    guideline = Guideline.objects.filter(**{field: owner}).select_related("latest").first()
    if guideline is None and create:
        try:
            with transaction.atomic():
                guideline = Guideline.objects.create(
                    **{field: owner}, draft=template_sections(_template_language(owner))
                )
        except IntegrityError:
            guideline = Guideline.objects.select_related("latest").get(**{field: owner})
    return guideline


def clean_sections(data: dict) -> dict[str, str]:
    return {key: clean_html(data.get(key, "")) for key in SECTION_KEYS}


@transaction.atomic
def draft_save(*, guideline: Guideline, sections: dict, version: int, user) -> None:
    """Save the draft if no one else saved it after the person opened it (the version seen)."""
    updated = Guideline.objects.filter(pk=guideline.pk, draft_version=version).update(
        draft=clean_sections(sections),
        draft_version=F("draft_version") + 1,
        draft_updated_at=timezone.now(),
        draft_updated_by=user,
    )
    if not updated:
        raise EditConflict
    guideline.refresh_from_db()
    history_record(target=guideline, user=user, action="guideline_draft_saved")


@transaction.atomic
def guideline_publish(*, guideline: Guideline, note: str, draft_version: int, user):
    """Publish the draft as the next version; returns (version, created).

    A second submit of the same draft (or a draft someone changed meanwhile)
    publishes nothing: the lock makes two publishers wait for each other.
    """
    locked = Guideline.objects.select_for_update().get(pk=guideline.pk)
    latest = locked.versions.order_by("-number").first()
    if latest is not None and latest.from_draft == locked.draft_version:
        return latest, False
    if locked.draft_version != draft_version:
        raise EditConflict
    if latest is not None and latest.sections == clean_sections(locked.draft):
        raise ValidationError(
            _("The draft is the same as the published version: there is nothing to publish."),
            code="unchanged",
        )
    number = (locked.versions.aggregate(Max("number"))["number__max"] or 0) + 1
    version = GuidelineVersion.objects.create(
        guideline=locked,
        number=number,
        sections=clean_sections(locked.draft),
        note=note,
        published_at=timezone.now(),
        published_by=user,
        published_by_name=(user.get_full_name() or user.email) if user else "",
        from_draft=locked.draft_version,
    )
    Guideline.objects.filter(pk=locked.pk).update(latest=version)
    history_record(
        target=locked, user=user, action="guideline_published", note=f"{number}: {note}"[:500]
    )
    pagecache.invalidate(PAGE_TOPIC)
    guideline.refresh_from_db()
    return version, True
