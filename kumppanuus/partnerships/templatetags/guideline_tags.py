"""Guideline markup: the stored section text, and the rows of the region's pages drawn in Python
(a region has up to 30 guidelines; a template per row cost more than the rest of the page)."""

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kumppanuus.links import url_maker

from ..models import COUNTY_KIND, MUNICIPALITY_KIND
from ..sections import SECTIONS

OWNER_KINDS = (MUNICIPALITY_KIND, COUNTY_KIND)

register = template.Library()


@register.filter
def section_html(value):
    """A published section's text as markup: GuidelineVersion.prepare() sanitised it when the
    version was stored (every version is, migration 0002 included), so it is shown as it is."""
    return mark_safe(value or "")  # noqa: S308 (nh3 removed everything unsafe when stored)


@register.simple_tag
def guideline_contents(sections):
    """The items of a guideline's contents: a link to each section (views._sections)."""
    items = []
    for item in sections:
        section = item["section"]
        items.append(f'<li><a href="#{escape(section.slug)}">{escape(str(section.title))}</a></li>')
    return mark_safe("".join(items))  # noqa: S308 (each value is escaped)


@register.simple_tag
def guideline_sections(sections):
    """The sections of a guideline (views._sections), each with its text, or a word that it is
    not written yet, and the live data panels rendered for it."""
    not_written = escape(_("The municipality has not written this section yet."))
    html = []
    for number, item in enumerate(sections, start=1):
        section = item["section"]
        slug = escape(section.slug)
        if item["html"]:
            text = f'<div class="guideline-text">{section_html(item["html"])}</div>'
        else:
            text = f'<p class="text-body-secondary">{not_written}</p>'
        html.append(
            f'\n<section aria-labelledby="{slug}" class="mb-4 guideline-section">\n'
            f'  <h2 id="{slug}" class="h3">{number}. {escape(str(section.title))}</h2>\n'
            f"  {text}\n  {''.join(item['panels'])}\n</section>\n"
        )
    return mark_safe("".join(html))  # noqa: S308 (escaped; the text and panels are safe markup)


def _guideline_urls():
    """A function giving the guideline link of a row of selectors.region_rows()."""
    makers = {kind: url_maker("partnerships:guideline", kind) for kind in OWNER_KINDS}
    return lambda row: makers[row.kind](row.code)


def _published(number, local) -> str:
    """'version 2, 3.4.2025' ("j.n.Y" of the local time of publishing)."""
    return _("version %(number)s, %(date)s") % {"number": number, "date": _day(local)}


@register.simple_tag
def guideline_status_rows(rows):
    """The rows of the region's status table (selectors.region_rows)."""
    guideline_url = _guideline_urls()
    labels = (_("Published version"), _("Age"), _("Empty sections"))
    draft_only, none = _("draft only"), _("none")
    titles = {section.key: str(section.title) for section in SECTIONS}
    today = timezone.localdate()
    html = []
    for row in rows:
        latest = row.latest
        if latest is None:
            owner = escape(row.owner)
            published = draft_only if row.has_guideline else none
            age = empty = "–"
        else:
            owner = f'<a href="{escape(guideline_url(row))}">{escape(row.owner)}</a>'
            local = timezone.localtime(latest.published_at)
            published = _published(latest.number, local)
            days = (today - local.date()).days
            age = ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
            empty_keys = latest.empty_keys
            empty = ", ".join(titles[key] for key in titles if key in empty_keys) or none
        html.append(
            f'<tr>\n    <th scope="row">{owner}</th>\n'
            f'    <td data-label="{escape(labels[0])}">{escape(published)}</td>\n'
            f'    <td data-label="{escape(labels[1])}">{escape(age)}</td>\n'
            f'    <td data-label="{escape(labels[2])}">{escape(empty)}</td>\n  </tr>'
        )
    return mark_safe("\n  ".join(html))  # noqa: S308 (each value is escaped)


@register.simple_tag
def guideline_compare_cards(rows, section):
    """The cards of one section side by side: (row, stored section text) of each published
    guideline of the region (selectors.region_rows)."""
    guideline_url = _guideline_urls()
    not_written = format_html(
        '<p class="text-body-secondary">{}</p>',
        _("The municipality has not written this section yet."),
    )
    slug = escape(section.slug)
    cards = []
    for number, (row, text) in enumerate(rows, start=1):
        latest = row.latest
        if latest is None:
            continue
        published = _published(latest.number, timezone.localtime(latest.published_at))
        body = f'<div class="guideline-text">{section_html(text)}</div>' if text else not_written
        cards.append(
            f'<div class="col">\n<section class="card h-100" aria-labelledby="compare-{number}">'
            f'<div class="card-body">\n<h2 class="h5 card-title" id="compare-{number}">'
            f'<a href="{escape(guideline_url(row))}#{slug}">{escape(row.owner)}</a></h2>\n'
            f'<p class="small text-body-secondary">{escape(published)}</p>\n'
            f"{body}\n</div></section>\n</div>"
        )
    return mark_safe("\n".join(cards))  # noqa: S308 (each value is escaped, the text sanitised)


def _day(local) -> str:
    """dateformat's "j.n.Y" of a local time."""
    return f"{local.day}.{local.month}.{local.year:04d}"


@register.simple_tag
def live_forum_items(forums):
    """The list items of live.forums_of(): each forum with its next meeting."""
    forum_url = url_maker("forums:detail")
    meeting_url = url_maker("forums:meeting")
    next_meeting = escape(_("next meeting"))
    items = []
    for forum in forums:
        meeting = ""
        if forum.next_meeting_pk:
            starts = timezone.localtime(forum.next_meeting_starts)
            meeting = (
                f': {next_meeting} <a href="{escape(meeting_url(forum.next_meeting_pk))}">'
                f"{escape(forum.next_meeting_title)}</a>, "
                f"{_day(starts)} {starts.hour:02d}:{starts.minute:02d}"  # "j.n.Y H:i"
            )
        items.append(
            f'<li class="mb-1"><a href="{escape(forum_url(forum.pk))}">{escape(forum.name)}</a>'
            f"{meeting}</li>"
        )
    return mark_safe("".join(items))  # noqa: S308 (each value is escaped)


@register.simple_tag
def live_round_items(rounds, now):
    """The list items of live.rounds_of(): each round with its period and extra points."""
    round_url = url_maker("grants:round")
    open_now, coming = escape(_("open now")), escape(_("coming"))
    items = []
    for round_ in rounds:
        bonus = ""
        if round_.bonus_per_priority:
            bonus = ". " + _(
                "Extra points for serving the welfare priorities: %(points)s per priority."
            ) % {"points": round_.bonus_per_priority}
        opens = _day(timezone.localtime(round_.opens_at))
        closes = _day(timezone.localtime(round_.closes_at))
        items.append(
            f'<li class="mb-1"><a href="{escape(round_url(round_.pk))}">{escape(round_.name)}</a>'
            f" ({escape(round_.body)}): {opens}–{closes}, "
            f"{open_now if round_.opens_at <= now else coming}{escape(bonus)}</li>"
        )
    return mark_safe("".join(items))  # noqa: S308 (each value is escaped)


@register.simple_tag
def live_priority_items(priorities):
    """The list items of the welfare priorities (places.selectors.priorities_in_force)."""
    priority_url = url_maker("partnerships:priority")
    items = []
    for row in priorities:
        items.append(
            f'<li><a href="{escape(priority_url(row["pk"]))}">{escape(row["title"])}</a> '
            f"({escape(str(row['age_group_label']))}; {escape(str(row['theme_label']))}; "
            f"{row['first_year']}–{row['last_year']})</li>"
        )
    return mark_safe("".join(items))  # noqa: S308 (each value is escaped)
