"""The official classification of municipalities and wellbeing services counties.

The repository carries it as data (data/places-<year>.json, with its source and the
date it is valid from). The first `migrate` loads it; `manage.py load_places FILE`
applies a newer one: it adds and renames, and ends a municipality that merged,
moving everything that points at it to its successor. Nothing is ever deleted.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from kumppanuus import pagecache

DATA_DIR = Path(__file__).resolve().parent / "data"
CURRENT_FILE = DATA_DIR / "places-2025.json"

MUNICIPALITY_FIELDS = [
    "name_fi",
    "name_sv",
    "language",
    "region_code",
    "region_name_fi",
    "region_name_sv",
]
COUNTY_FIELDS = ["name_fi", "name_sv", "business_id"]


class ClassificationError(ValueError):
    """The file is not a classification this portal can apply."""


def read_classification(path) -> dict:
    """Read and check a classification file; raise ClassificationError on any problem."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ClassificationError(f"{path}: {error}") from None
    return check_classification(data)


def check_classification(data: dict) -> dict:
    problems = []
    if not isinstance(data, dict):
        raise ClassificationError("The file must hold one JSON object.")
    try:
        datetime.date.fromisoformat(str(data.get("valid_from")))
    except ValueError:
        problems.append("valid_from must be a date (YYYY-MM-DD).")
    counties = data.get("counties") or []
    municipalities = data.get("municipalities") or []
    county_codes = {c.get("code") for c in counties}
    codes = [m.get("code") for m in municipalities]
    if len(codes) != len(set(codes)):
        problems.append("A municipality code appears twice.")
    languages = {"fi", "sv", "bilingual"}
    for row in municipalities:
        code = str(row.get("code", ""))
        if len(code) != 3 or not code.isdigit():
            problems.append(f"Municipality code {code!r} is not three digits.")
        if not row.get("name_fi"):
            problems.append(f"Municipality {code} has no Finnish name.")
        if row.get("language", "fi") not in languages:
            problems.append(f"Municipality {code} has an unknown language {row.get('language')!r}.")
        if row.get("county") and row["county"] not in county_codes:
            problems.append(f"Municipality {code} names an unknown county {row['county']!r}.")
    for merger in data.get("merged") or []:
        if merger.get("into") not in codes:
            problems.append(
                f"Municipality {merger.get('code')} merges into {merger.get('into')!r}, "
                "which is not in the file."
            )
        if merger.get("code") in codes:
            problems.append(f"Municipality {merger.get('code')} both merges and continues.")
    for key, rows in (("municipality_count", municipalities), ("county_count", counties)):
        if key in data and data[key] != len(rows):
            problems.append(f"{key} says {data[key]} but the file lists {len(rows)}.")
    if problems:
        raise ClassificationError(" ".join(problems))
    return data


def upsert_places(data: dict, County, Municipality, *, new_valid_from=None) -> dict:
    """Create or update the counties and municipalities of data, by code.

    Takes the model classes so that the data migration can pass its historical
    models. A municipality that is new gets new_valid_from (none for the first
    load: those are simply in force). Returns the codes added, renamed and changed.
    """
    added, renamed, changed = [], [], []
    counties = {}
    for row in data["counties"]:
        county = County.objects.filter(code=row["code"]).first()
        values = {name: row.get(name, "") for name in COUNTY_FIELDS}
        if county is None:
            county = County.objects.create(code=row["code"], **values)
        elif any(getattr(county, name) != value for name, value in values.items() if value):
            for name, value in values.items():
                if value:
                    setattr(county, name, value)
            county.save()
        counties[row["code"]] = county
    for row in data["municipalities"]:
        county = counties.get(row.get("county") or "")
        values = {
            "name_fi": row["name_fi"],
            "name_sv": row.get("name_sv", ""),
            "language": row.get("language", "fi"),
            "region_code": row.get("region_code", ""),
            "region_name_fi": row.get("region_fi", ""),
            "region_name_sv": row.get("region_sv", ""),
            "county_id": county.pk if county else None,
        }
        municipality = Municipality.objects.filter(code=row["code"]).first()
        if municipality is None:
            Municipality.objects.create(code=row["code"], valid_from=new_valid_from, **values)
            added.append(row["code"])
            continue
        if (municipality.name_fi, municipality.name_sv) != (values["name_fi"], values["name_sv"]):
            renamed.append(row["code"])
        different = [name for name, value in values.items() if getattr(municipality, name) != value]
        reopened = municipality.valid_to is not None
        if different or reopened:
            for name in different:
                setattr(municipality, name, values[name])
            municipality.valid_to = None
            municipality.successor = None
            municipality.save()
            changed.append(row["code"])
    return {"added": added, "renamed": renamed, "changed": changed}


@dataclass
class LoadReport:
    valid_from: datetime.date
    dry_run: bool = False
    added: list = field(default_factory=list)
    renamed: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    merged: list = field(default_factory=list)  # (code, successor code)
    moved: dict = field(default_factory=dict)  # "app.model.field" -> rows moved
    kept: dict = field(default_factory=dict)  # rows that already pointed at the successor
    missing: list = field(default_factory=list)  # current codes the file does not have

    @property
    def moved_total(self) -> int:
        return sum(self.moved.values())

    def lines(self) -> list[str]:
        lines = [
            f"Classification valid from {self.valid_from.isoformat()}"
            + (" (dry run: nothing was saved)" if self.dry_run else ""),
            f"Added: {len(self.added)}" + (f" ({', '.join(self.added)})" if self.added else ""),
            f"Renamed: {len(self.renamed)}"
            + (f" ({', '.join(self.renamed)})" if self.renamed else ""),
            f"Other details changed: {len(self.changed) - len(self.renamed)}",
            f"Merged: {len(self.merged)}"
            + (
                " (" + ", ".join(f"{old} → {new}" for old, new in self.merged) + ")"
                if self.merged
                else ""
            ),
            f"Moved to successors: {self.moved_total}",
        ]
        lines += [f"  {label}: {count}" for label, count in sorted(self.moved.items())]
        if self.kept:
            lines.append("Already at the successor (the ended municipality keeps them):")
            lines += [f"  {label}: {count}" for label, count in sorted(self.kept.items())]
        if self.missing:
            lines.append(
                "Not in the file and not merged, left as they are: " + ", ".join(self.missing)
            )
        return lines


class _DryRun(Exception):
    pass


def load_classification(data: dict, *, dry_run: bool = False) -> LoadReport:
    """Apply a classification: upsert places, end merged ones, move what points at them."""
    from . import merging
    from .models import Municipality, WellbeingCounty

    check_classification(data)
    valid_from = datetime.date.fromisoformat(data["valid_from"])
    report = LoadReport(valid_from=valid_from, dry_run=dry_run)
    try:
        with transaction.atomic():
            result = upsert_places(data, WellbeingCounty, Municipality, new_valid_from=valid_from)
            report.added, report.renamed, report.changed = (
                result["added"],
                result["renamed"],
                result["changed"],
            )
            ended_on = valid_from - datetime.timedelta(days=1)
            merging_codes = set()
            for merger in data.get("merged") or []:
                old = Municipality.objects.filter(code=merger["code"]).first()
                if old is None:
                    continue
                merging_codes.add(old.code)
                new = Municipality.objects.get(code=merger["into"])
                if old.successor_id == new.pk:
                    continue
                merging.municipality_merge(
                    ended=old, successor=new, ended_on=ended_on, report=report
                )
                report.merged.append((old.code, new.code))
            in_file = {row["code"] for row in data["municipalities"]}
            report.missing = sorted(
                Municipality.objects.filter(valid_to__isnull=True)
                .exclude(code__in=in_file | merging_codes)
                .values_list("code", flat=True)
            )
            if dry_run:
                raise _DryRun
            pagecache.invalidate()
    except _DryRun:
        pass
    return report


def relations_to(model) -> tuple[list, list]:
    """Every foreign key to model (M2M through tables included) and every generic relation.

    Found from the models' _meta, so that the apps of tomorrow are covered too.
    """
    foreign_keys, generic = [], []
    for candidate in apps.get_models(include_auto_created=True):
        for model_field in candidate._meta.get_fields(include_hidden=True):
            if (
                isinstance(model_field, models.ForeignKey)
                and model_field.remote_field.model is model
                and not (candidate is model and model_field.name == "successor")
            ):
                foreign_keys.append((candidate, model_field))
        for private in candidate._meta.private_fields:
            if isinstance(private, GenericForeignKey):
                generic.append((candidate, private))
    return foreign_keys, generic


def move_references(*, model, old, new) -> tuple[dict, dict]:
    """Point everything that points at old at new instead. Returns (moved, kept) counts.

    A row that cannot move because the same thing already points at new (a
    unique constraint says so) stays with old, so nothing is lost; in an M2M
    table such a duplicate link is simply dropped.
    """
    moved, kept = {}, {}
    foreign_keys, generic = relations_to(model)
    for candidate, model_field in foreign_keys:
        label = f"{candidate._meta.label}.{model_field.name}"
        rows = candidate._base_manager.filter(**{model_field.attname: old.pk})
        count = _move(rows, {model_field.attname: new.pk}, candidate, kept, label)
        if count:
            moved[label] = count
    content_type = ContentType.objects.get_for_model(model)
    for candidate, generic_field in generic:
        label = f"{candidate._meta.label}.{generic_field.name}"
        rows = candidate._base_manager.filter(
            **{generic_field.ct_field: content_type, generic_field.fk_field: old.pk}
        )
        count = _move(rows, {generic_field.fk_field: new.pk}, candidate, kept, label)
        if count:
            moved[label] = count
    return moved, kept


def _move(rows, values, candidate, kept, label) -> int:
    try:
        with transaction.atomic():
            return rows.update(**values)
    except IntegrityError:
        pass
    count = 0
    for pk in list(rows.values_list("pk", flat=True)):
        one = candidate._base_manager.filter(pk=pk)
        try:
            with transaction.atomic():
                count += one.update(**values)
        except IntegrityError:
            if candidate._meta.auto_created:
                one.delete()
            else:
                kept[label] = kept.get(label, 0) + 1
    return count
