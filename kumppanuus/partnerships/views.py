from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kumppanuus import panels
from kumppanuus.accounts.access import get_object_for_user
from kumppanuus.http import form_status, posted
from kumppanuus.pagecache import cache_for_anonymous
from kumppanuus.places.models import Municipality, WelfarePriority, WellbeingCounty

from . import selectors, services
from .forms import CompareForm, GuidelineDraftForm, PublishForm
from .live import forums_of, rounds_of
from .models import COUNTY_KIND, MUNICIPALITY_KIND, Guideline
from .sections import BY_SLUG, SECTIONS
from .text import html_to_text, word_diff

EDIT = "partnerships.edit_guideline"
MODELS = {MUNICIPALITY_KIND: Municipality, COUNTY_KIND: WellbeingCounty}


def _topics():
    shown = {"guidelines", "places"}
    for section in SECTIONS:
        shown.update(panels.page_topics(panels.guideline_section(section.key)))
    return tuple(sorted(shown))


def _owner(kind, code):
    """The owner with its guideline (selectors.guideline_of) and latest version: one query."""
    return selectors.owner_to_read(MODELS[kind], code)


def _sections(request, owner, texts):
    """Each section with its text and the live data registered for it."""
    return [
        {
            "section": section,
            "html": texts.get(section.key, ""),
            "panels": panels.render_panels(
                request, panels.guideline_section(section.key), owner=owner
            ),
        }
        for section in SECTIONS
    ]


def _guideline_page(request, kind, code, number=None):
    owner = _owner(kind, code)
    guideline = selectors.guideline_of(owner)
    version = None
    if guideline is not None:
        if number is None:
            version = guideline.latest
        else:
            version = guideline.versions.filter(number=number).first()
    if number is not None and version is None:
        raise Http404
    if version is not None:
        version.guideline = guideline  # its permanent link, without fetching it again
    return render(
        request,
        "partnerships/guideline.html",
        {
            "owner": owner,
            "kind": kind,
            "guideline": guideline,
            "version": version,
            "is_latest": version is not None and guideline.latest_id == version.pk,
            "sections": _sections(request, owner, version.sections) if version else [],
            "can_edit": request.user.has_perm(EDIT, owner),
        },
    )


@cache_for_anonymous(topics_from=_topics)
def guideline(request, kind, code):
    """The latest published version, with live data below its sections."""
    return _guideline_page(request, kind, code)


@cache_for_anonymous(topics_from=_topics)
def version(request, kind, code, number):
    """The permanent link of one version."""
    return _guideline_page(request, kind, code, number)


def version_print(request, kind, code, number):
    owner = _owner(kind, code)
    guideline = selectors.guideline_of(owner)
    version = guideline and guideline.versions.filter(number=number).first()
    if not version:
        raise Http404
    version.guideline = guideline
    return render(
        request,
        "partnerships/print.html",
        {
            "owner": owner,
            "kind": kind,
            "version": version,
            "sections": [(s, version.sections.get(s.key, "")) for s in SECTIONS],
            "permanent_url": request.build_absolute_uri(version.get_absolute_url()),
        },
    )


def changes(request, kind, code):
    """What changed between any two published versions, section by section, word by word."""
    owner = _owner(kind, code)
    guideline = selectors.guideline_of(owner)
    versions = list(guideline.versions.all()) if guideline else []
    numbers = [v.number for v in versions]
    by_number = {v.number: v for v in versions}
    initial = {}
    if len(numbers) >= 2:
        initial = {"a": numbers[1], "b": numbers[0]}
    form = CompareForm(request.GET or initial, numbers=numbers)
    diff = None
    status = 200
    if len(numbers) >= 2:
        if form.is_valid():
            a, b = sorted([form.cleaned_data["a"], form.cleaned_data["b"]])
            diff = _diff(by_number[a].sections, by_number[b].sections)
            diff_title = (a, b)
        else:
            status = 400
    return render(
        request,
        "partnerships/changes.html",
        {
            "owner": owner,
            "kind": kind,
            "versions": versions,
            "form": form,
            "diff": diff,
            "diff_title": diff_title if diff is not None else None,
        },
        status=status,
    )


def _diff(old: dict, new: dict):
    rows = []
    for section in SECTIONS:
        before = html_to_text(old.get(section.key, ""))
        after = html_to_text(new.get(section.key, ""))
        rows.append(
            {"section": section, "changed": before != after, "diff": word_diff(before, after)}
        )
    return rows


def _owner_for_editor(request, kind, code):
    if kind not in MODELS:
        raise Http404
    return get_object_for_user(request, MODELS[kind], EDIT, code=code)


@login_required
def edit(request, kind, code):
    """A contact person edits the draft; saved at any point, never over someone else's save."""
    owner = _owner_for_editor(request, kind, code)
    guideline = services.guideline_for(owner, create=True)
    form = GuidelineDraftForm(posted(request), guideline=guideline)
    status = form_status(form)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_save(
                guideline=guideline,
                sections=form.cleaned_data,
                version=form.cleaned_data["version"],
                user=request.user,
            )
        except services.EditConflict:
            form.add_error(
                None,
                _(
                    "Someone else saved this draft after you opened it. Your text is still "
                    "below but was not saved: open the draft again in another tab, compare, "
                    "and copy what you want to keep."
                ),
            )
            status = 409
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect("partnerships:edit", kind, code)
    return render(
        request,
        "partnerships/edit.html",
        {
            "owner": owner,
            "kind": kind,
            "guideline": guideline,
            "form": form,
            "cancel_url": reverse("partnerships:guideline", args=[kind, code]),
        },
        status=status,
    )


@login_required
def publish(request, kind, code):
    """GET shows the changes from the latest version and asks for a note; POST publishes."""
    owner = _owner_for_editor(request, kind, code)
    guideline = services.guideline_for(owner, create=True)
    form = PublishForm(posted(request), initial={"draft_version": guideline.draft_version})
    status = form_status(form)
    if request.method == "POST" and form.is_valid():
        try:
            version, created = services.guideline_publish(
                guideline=guideline,
                note=form.cleaned_data["note"],
                draft_version=form.cleaned_data["draft_version"],
                user=request.user,
            )
        except services.EditConflict:
            guideline.refresh_from_db()
            # The note stays; the page now shows the draft as it is and publishes that.
            form = PublishForm(
                {"note": form.cleaned_data["note"], "draft_version": guideline.draft_version}
            )
            form.is_valid()
            form.add_error(
                None,
                _(
                    "The draft was changed after you opened this page. Check the changes "
                    "below and publish again."
                ),
            )
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            if created:
                messages.success(
                    request,
                    _("Version %(number)s has been published.") % {"number": version.number},
                )
            else:
                messages.info(
                    request,
                    _("This draft was already published as version %(number)s.")
                    % {"number": version.number},
                )
            return redirect(version)
    old = guideline.latest.sections if guideline.latest else {}
    return render(
        request,
        "partnerships/publish.html",
        {
            "owner": owner,
            "kind": kind,
            "guideline": guideline,
            "form": form,
            "diff": _diff(old, services.clean_sections(guideline.draft)),
            "cancel_url": reverse("partnerships:edit", args=[kind, code]),
        },
        status=status,
    )


def index(request):
    """The regions (wellbeing services counties) whose guidelines can be compared."""
    order = "name_sv" if request.LANGUAGE_CODE == "sv" else "name_fi"
    return render(
        request,
        "partnerships/index.html",
        {"counties": WellbeingCounty.objects.order_by(order)},
    )


@cache_for_anonymous("guidelines", "places")
def region(request, county_code):
    """Which guidelines of the region are published, how old they are, which sections are empty."""
    county = selectors.county_to_read(county_code)
    order = "name_sv" if request.LANGUAGE_CODE == "sv" else "name_fi"
    return render(
        request,
        "partnerships/region.html",
        {
            "county": county,
            "rows": selectors.region_rows(county, order),
            "sections": SECTIONS,
        },
    )


@cache_for_anonymous("guidelines", "places")
def compare(request, county_code, section):
    """One section of every guideline of the region side by side."""
    chosen = BY_SLUG.get(section)
    if chosen is None:
        raise Http404
    county = selectors.county_to_read(county_code, sections=True)
    order = "name_sv" if request.LANGUAGE_CODE == "sv" else "name_fi"
    rows = [
        (row, row.latest.sections.get(chosen.key, "") if row.latest else None)
        for row in selectors.region_rows(county, order, sections=True)
    ]
    return render(
        request,
        "partnerships/compare.html",
        {
            "county": county,
            "section": chosen,
            "sections": SECTIONS,
            "rows": rows,
            "missing": [str(row.owner) for row, html in rows if row.latest is None],
        },
    )


@cache_for_anonymous("places")
def priorities(request, county_code):
    """The region's welfare priorities counted by age group and theme, as a chart and a table."""
    county = get_object_or_404(WellbeingCounty, code=county_code)
    year = timezone.localdate().year
    ages, themes, table, age_totals, total = selectors.priority_counts(county, year)
    listed = (
        WelfarePriority.objects.filter(
            municipality__county=county, first_year__lte=year, last_year__gte=year
        )
        .select_related("municipality")
        .order_by("municipality__name_fi", "title")
    )
    return render(
        request,
        "partnerships/priorities.html",
        {
            "county": county,
            "year": year,
            "ages": ages,
            "themes": themes,
            "table": table,
            "age_totals": age_totals,
            "total": total,
            "priorities": listed,
        },
    )


@cache_for_anonymous("places", "grants", "forums")
def priority(request, pk):
    """A welfare priority with the grant rounds and forums where associations can work for it."""
    priority = get_object_or_404(WelfarePriority.objects.select_related("municipality"), pk=pk)
    municipality = priority.municipality
    now = timezone.now()
    return render(
        request,
        "partnerships/priority.html",
        {
            "priority": priority,
            "municipality": municipality,
            "rounds": rounds_of(municipality, now),
            "forums": forums_of(municipality),
            "guideline": Guideline.objects.filter(
                municipality=municipality, latest__isnull=False
            ).exists(),
            "now": now,
        },
    )
