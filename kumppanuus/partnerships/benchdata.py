"""National-scale guidelines for `make bench`: every municipality and county has one, most
published in one or two versions, some with empty sections."""

from django.db.models import Count
from django.utils import timezone

from kumppanuus.places.models import Municipality, WellbeingCounty

from .models import Guideline, GuidelineVersion
from .sections import SECTION_KEYS, template_sections


def fill(rng, ctx, progress):
    template = template_sections("fi")
    now = timezone.now()
    owners = [
        ("municipality_id", pk)
        for pk in Municipality.objects.current().values_list("pk", flat=True)
    ]
    owners += [("county_id", pk) for pk in WellbeingCounty.objects.values_list("pk", flat=True)]
    guidelines = Guideline.objects.bulk_create(
        [Guideline(**{field: pk}, draft=template, draft_version=3) for field, pk in owners]
    )
    versions = []
    for guideline in guidelines:
        published = rng.randint(0, 2)
        for number in range(1, published + 1):
            sections = {
                key: ("" if rng.random() < 0.15 else f"{template[key]}<p>Versio {number}.</p>")
                for key in SECTION_KEYS
            }
            versions.append(
                GuidelineVersion(
                    guideline=guideline,
                    number=number,
                    sections=sections,
                    note=f"Versio {number}",
                    published_at=now - timezone.timedelta(days=rng.randint(1, 900)),
                    published_by_name="Bench",
                    from_draft=number,
                )
            )
    for version in versions:
        version.prepare()  # what save() does: bulk_create does not call it
    GuidelineVersion.objects.bulk_create(versions)
    latest = {}
    for version in versions:
        latest[version.guideline_id] = version.pk
    for guideline in guidelines:
        guideline.latest_id = latest.get(guideline.pk)
    Guideline.objects.bulk_update(guidelines, ["latest"], batch_size=500)
    progress("guidelines", len(guidelines), len(guidelines))


def bench_pages() -> list[tuple[str, str, str]]:
    """A published guideline and the comparison of the largest region."""
    guideline = (
        Guideline.objects.filter(municipality__isnull=False, latest__isnull=False)
        .select_related("municipality")
        .order_by("municipality__code")
        .first()
    )
    county = (
        WellbeingCounty.objects.annotate(n=Count("municipalities")).order_by("-n", "code").first()
    )
    pages = []
    if guideline is not None:
        pages.append(("guideline page", guideline.get_absolute_url(), ""))
    if county is not None:
        pages += [
            (
                "guideline comparison (largest region)",
                f"/ohjeet/alue/{county.code}/toimitilat/",
                "",
            ),
            ("guideline status (largest region)", f"/ohjeet/alue/{county.code}/", ""),
        ]
    return pages
