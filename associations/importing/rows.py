"""Validating each row with the portal's own form, and saving all rows or none."""

import re

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from kumppanuus import pagecache
from kumppanuus.history.models import Change
from kumppanuus.places.models import Municipality

from .. import services
from ..forms import AssociationForm
from ..models import Association, AssociationChange, FieldOfActivity, TargetGroup
from ..validators import normalize_business_id
from .columns import FORM_FIELD
from .reading import UncalculatedFormula
from .report import ImportReport, Problem, RowResult, RowStatus, _Plan

LIST_SEPARATORS = re.compile(r"[;,\n]")
YES = {"kyllä", "k", "yes", "y", "true", "1", "ja", "x"}
NO = {"ei", "e", "no", "n", "false", "0", "nej"}
M2M_COLUMNS = ("municipalities", "fields", "target_groups")


class _LookedUpField(forms.Field):
    """Ids that the importer has already looked up by code or name.

    AssociationForm would look every row's choices up in the database again; the
    importer has done it once for the whole file, so only "required" is left to check.
    """

    widget = forms.MultipleHiddenInput


def _looked_up(name: str) -> _LookedUpField:
    original = AssociationForm.base_fields[name]
    return _LookedUpField(label=original.label, required=original.required)


class ImportRowForm(AssociationForm):
    """AssociationForm for one row of a file, without a query per row.

    The importer has looked up every business ID of the file at once (a known
    one updates its association, a repeated one is an error) and the form's
    clean() says what the check constraints say, so the per-row uniqueness and
    constraint queries are left out; the database still holds every constraint
    when the rows are saved.
    """

    municipalities = _looked_up("municipalities")
    fields = _looked_up("fields")
    target_groups = _looked_up("target_groups")

    def clean_business_id(self):
        value = self.cleaned_data.get("business_id")
        return normalize_business_id(value) if value else None

    def _post_clean(self):
        self._validate_unique = False
        self.instance.validate_constraints = lambda exclude=None: None
        super()._post_clean()


class _Lists:
    """Municipalities, fields of activity and target groups by every name a file may use."""

    def __init__(self):
        self.municipalities = {}
        for municipality in Municipality.objects.current():
            for key in (municipality.code, municipality.name_fi, municipality.name_sv):
                if key:
                    self.municipalities.setdefault(key.casefold(), municipality.pk)
        self.fields = self._entries(FieldOfActivity)
        self.target_groups = self._entries(TargetGroup)

    @staticmethod
    def _entries(model) -> dict[str, int]:
        entries = {}
        for entry in model.objects.all():
            for key in (entry.slug, entry.name_fi, entry.name_sv, entry.name_en):
                if key:
                    entries.setdefault(key.casefold(), entry.pk)
        return entries

    def resolve(self, column: str, cell: str) -> tuple[list[int], list[str]]:
        table = getattr(self, column)
        found, unknown = [], []
        for token in LIST_SEPARATORS.split(cell):
            token = token.strip()
            if not token:
                continue
            key = token.zfill(3) if column == "municipalities" and token.isdigit() else token
            pk = table.get(key.casefold())
            if pk is None:
                unknown.append(token)
            elif pk not in found:
                found.append(pk)
        return found, unknown


def _validate(rows, columns: dict[str, int], report: ImportReport, progress=None) -> list[_Plan]:
    existing = _existing_associations(rows, columns)
    lists = _Lists()
    first_row_of: dict[str, int] = {}
    plans = []
    for done, (number, cells) in enumerate(rows, start=1):
        values = {key: (cells[i] if i < len(cells) else "") for key, i in columns.items()}
        result, plan = _validate_row(number, values, existing, first_row_of, lists)
        report.rows.append(result)
        if plan is not None:
            plans.append(plan)
        if progress and done % 500 == 0:
            progress(done, len(rows))
    return plans


def _normalized_business_id(value: str) -> str | None:
    if not value:
        return None
    try:
        return normalize_business_id(value)
    except ValidationError:
        return None


def _existing_associations(rows, columns) -> dict[str, Association]:
    if "business_id" not in columns:
        return {}
    index = columns["business_id"]
    ids = {
        _normalized_business_id(cells[index] if index < len(cells) else "") for _n, cells in rows
    }
    ids.discard(None)
    ids = sorted(ids)
    found = {}
    for start in range(0, len(ids), 500):  # SQLite takes a limited number of parameters.
        chunk = ids[start : start + 500]
        queryset = Association.objects.filter(business_id__in=chunk).prefetch_related(*M2M_COLUMNS)
        found.update((a.business_id, a) for a in queryset)
    return found


def _form_data(association: Association | None) -> dict:
    """What the form would show for the association: the starting point of a row."""
    data = {name: "" for name in AssociationForm._meta.fields}
    data["is_registered"] = True
    data["is_active"] = True
    data.update({name: [] for name in M2M_COLUMNS})
    if association is not None:
        for name in AssociationForm._meta.fields:
            if name in M2M_COLUMNS:
                data[name] = [obj.pk for obj in getattr(association, name).all()]
            else:
                value = getattr(association, name)
                data[name] = "" if value is None else value
        data["is_active"] = association.is_active
    return data


def _parse_yes_no(value: str) -> bool:
    value = value.casefold()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError(value)


def _validate_row(number, values, existing, first_row_of, lists) -> tuple[RowResult, _Plan | None]:
    result = RowResult(number=number, name=values.get("name", ""))
    raw_business_id = values.get("business_id", "")
    business_id = _normalized_business_id(raw_business_id)
    result.business_id = business_id or raw_business_id
    association = existing.get(business_id) if business_id else None
    errors: dict[str, list[Problem]] = {}

    def error(name: str, message: str, code: str):
        errors.setdefault(name, []).append(Problem(message=message, code=code, field=name))

    if business_id:
        if business_id in first_row_of:
            error(
                "business_id",
                _("The business ID %(value)s is already on row %(row)s of this file.")
                % {"value": business_id, "row": first_row_of[business_id]},
                "duplicate_in_file",
            )
        else:
            first_row_of[business_id] = number

    data = _form_data(association)
    before = dict(data)
    for key, value in values.items():
        name = FORM_FIELD.get(key, key)
        if isinstance(value, UncalculatedFormula):
            error(
                name,
                _(
                    "The cell has a formula but the file does not contain its result. "
                    "Open the file in Excel and save it again, or replace the formula "
                    "with its value."
                ),
                "formula_without_value",
            )
        elif key in ("registered", "active"):
            if value:
                try:
                    data[name] = _parse_yes_no(value)
                except ValueError:
                    error(name, _("Write yes or no (kyllä or ei)."), "invalid_yes_no")
        elif key in M2M_COLUMNS:
            data[name], unknown = lists.resolve(key, value)
            if unknown:
                error(name, _unknown_message(key, unknown), f"unknown_{key}")
        elif key in ("member_count", "founded_year"):
            data[name] = "".join(value.split())
        elif key == "postal_code" and value.isdigit() and len(value) < 5:
            # Excel drops the leading zeros of a postal code such as 00100.
            data[name] = value.zfill(5)
        else:
            data[name] = value

    snapshot = services.association_snapshot(association) if association else {}
    form = ImportRowForm(data=data, instance=association or Association())
    if not form.is_valid():
        for name, form_errors in form.errors.as_data().items():
            if name in errors:
                continue  # The column's own message already says what is wrong.
            for form_error in form_errors:
                for message in form_error.messages:
                    error(name, message, form_error.code or "invalid")
    if errors:
        result.errors = [
            Problem(message=p.message, code=p.code, field=p.field, label=_label(form, p.field))
            for problems in errors.values()
            for p in problems
        ]
        return result, None

    cleaned = {name: form.cleaned_data[name] for name in AssociationForm._meta.fields}
    cleaned["is_active"] = data["is_active"]
    result.business_id = cleaned["business_id"] or ""
    if association is None:
        result.status = RowStatus.CREATED
    elif _differs(before, cleaned):
        result.status = RowStatus.UPDATED
    else:
        result.status = RowStatus.UNCHANGED
    return result, _Plan(result=result, data=cleaned, association=association, before=snapshot)


def _unknown_message(column: str, unknown: list[str]) -> str:
    values = ", ".join(unknown)
    if column == "municipalities":
        return _("Unknown municipality: %(values)s.") % {"values": values}
    if column == "fields":
        return _("Unknown field of activity: %(values)s.") % {"values": values}
    return _("Unknown target group: %(values)s.") % {"values": values}


def _label(form, name: str) -> str:
    if name in form.fields:
        return str(form.fields[name].label)
    if name == "is_active":
        return capfirst(str(Association._meta.get_field("is_active").verbose_name))
    return ""


def _differs(before: dict, after: dict) -> bool:
    for name, value in after.items():
        old = before.get(name)
        if name in M2M_COLUMNS:
            if set(value) != set(old):
                return True
        elif (old if old != "" else None) != (value if value != "" else None):
            return True
    return False


# Saving


BATCH = 1000


def _save(plans: list[_Plan], user) -> None:
    """Save every planned row with a few queries per thousand rows, and their history."""
    names = _ListNames()
    now = timezone.now()
    created = [plan for plan in plans if plan.result.status == RowStatus.CREATED]
    updated = [plan for plan in plans if plan.result.status == RowStatus.UPDATED]
    for plan in plans:
        if plan.result.status == RowStatus.UNCHANGED:
            plan.result.association = plan.association

    new = []
    for plan in created:
        association = Association(is_verified=True)
        _set_fields(association, plan.data)
        new.append(association)
        plan.result.association = association
    Association.objects.bulk_create(new, batch_size=BATCH)

    for plan in updated:
        association = plan.association
        _set_fields(association, plan.data)
        association.updated_at = now
        plan.result.association = association
        # One plain UPDATE a row: Django's bulk_update builds a CASE per field
        # and row, which takes far longer for thousands of rows.
        Association.objects.filter(pk=association.pk).update(
            **{name: getattr(association, name) for name in [*SIMPLE_FIELDS, *DERIVED_FIELDS]}
        )

    _replace_lists([*created, *updated])
    content_type = ContentType.objects.get_for_model(Association)
    history = []
    for plan in [*created, *updated]:
        association = plan.result.association
        after = names.snapshot(plan.data)
        changes = services.diff_snapshots(plan.before, after)
        history.append(
            Change(
                content_type=content_type,
                object_id=association.pk,
                user=user,
                action=AssociationChange.Action.IMPORTED,
                changes=changes,
            )
        )
    Change.objects.bulk_create(history, batch_size=BATCH)
    pagecache.invalidate("associations")


# Made from the others by Association.save(), which bulk writes do not call.
DERIVED_FIELDS = ["slug", "search_name", "search_text", "updated_at"]
SIMPLE_FIELDS = [name for name in AssociationForm._meta.fields if name not in M2M_COLUMNS] + [
    "is_active"
]


def _set_fields(association: Association, data: dict) -> None:
    for name in SIMPLE_FIELDS:
        if name in data:
            setattr(association, name, data[name])
    association.slug = slugify(association.name)[:220] or "yhdistys"
    association.update_search_text()


def _replace_lists(plans: list[_Plan]) -> None:
    """The municipalities, fields and target groups of the saved rows, as the file says."""
    ids = [plan.result.association.pk for plan in plans]
    for column in M2M_COLUMNS:
        through = getattr(Association, column).through
        source = f"{Association._meta.model_name}_id"
        target = f"{getattr(Association, column).field.related_model._meta.model_name}_id"
        for start in range(0, len(ids), 500):  # SQLite takes a limited number of parameters.
            through.objects.filter(**{f"{source}__in": ids[start : start + 500]}).delete()
        rows = [
            through(**{source: plan.result.association.pk, target: pk})
            for plan in plans
            for pk in plan.data[column]
        ]
        through.objects.bulk_create(rows, batch_size=BATCH)


class _ListNames:
    """The Finnish names of list entries, to write the history without a query per row."""

    def __init__(self):
        self.names = {
            column: dict(
                getattr(Association, column).field.related_model.objects.values_list(
                    "pk", "name_fi"
                )
            )
            for column in M2M_COLUMNS
        }

    def snapshot(self, data: dict) -> dict[str, str]:
        snapshot = {}
        for name in services.TRACKED_FIELDS:
            if name in M2M_COLUMNS:
                snapshot[name] = ", ".join(sorted(self.names[name][pk] for pk in data[name]))
            else:
                snapshot[name] = services.display_value(data.get(name))
        return snapshot
