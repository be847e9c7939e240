"""Guideline markup: the stored section text, and the rows of the region's pages drawn in Python
(a region has up to 30 guidelines; a template per row cost more than the rest of the page)."""

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kumppanuus.links import url_maker

from ..models import MUNICIPALITY_KIND

register = template.Library()


@register.filter
def section_html(value):
    """A published section's text as markup: GuidelineVersion.prepare() sanitised it when the
    version was stored (every version is, migration 0002 included), so it is shown as it is."""
    return mark_safe(value or "")  # noqa: S308 (nh3 removed everything unsafe when stored)


def _guideline_url(row, municipality_url):
    if row.guideline.municipality_id:
        return municipality_url(row.owner.code)
    return row.guideline.get_absolute_url()


def _published(version) -> str:
    date = dateformat.format(timezone.localtime(version.published_at), "j.n.Y")
    return _("version %(number)s, %(date)s") % {"number": version.number, "date": date}


@register.simple_tag
def guideline_status_rows(rows):
    """The rows of the region's status table (selectors.region_rows)."""
    municipality_url = url_maker("partnerships:guideline", MUNICIPALITY_KIND)
    labels = (_("Published version"), _("Age"), _("Empty sections"))
    draft_only, none = _("draft only"), _("none")
    html = []
    for row in rows:
        latest = row.latest
        if latest is None:
            owner = format_html("{}", row.owner)
            published = draft_only if row.guideline else none
            age = empty = "–"
        else:
            owner = format_html(
                '<a href="{}">{}</a>', _guideline_url(row, municipality_url), row.owner
            )
            published = _published(latest)
            days = row.age_days
            age = ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
            empty = ", ".join(str(s.title) for s in latest.empty_sections()) or none
        html.append(
            format_html(
                '<tr>\n    <th scope="row">{}</th>\n    <td data-label="{}">{}</td>\n'
                '    <td data-label="{}">{}</td>\n    <td data-label="{}">{}</td>\n  </tr>',
                owner,
                labels[0],
                published,
                labels[1],
                age,
                labels[2],
                empty,
            )
        )
    return mark_safe("\n  ".join(html))  # noqa: S308 (each row is built by format_html)


@register.simple_tag
def guideline_compare_cards(rows, section):
    """The cards of one section side by side: (row, stored section text) of each published
    guideline of the region."""
    municipality_url = url_maker("partnerships:guideline", MUNICIPALITY_KIND)
    not_written = format_html(
        '<p class="text-body-secondary">{}</p>',
        _("The municipality has not written this section yet."),
    )
    cards = []
    for number, (row, text) in enumerate(rows, start=1):
        if row.latest is None:
            continue
        cards.append(
            format_html(
                '<div class="col">\n<section class="card h-100" aria-labelledby="compare-{}">'
                '<div class="card-body">\n<h2 class="h5 card-title" id="compare-{}">'
                '<a href="{}#{}">{}</a></h2>\n<p class="small text-body-secondary">{}</p>\n'
                "{}\n</div></section>\n</div>",
                number,
                number,
                _guideline_url(row, municipality_url),
                section.slug,
                row.owner,
                _published(row.latest),
                format_html('<div class="guideline-text">{}</div>', section_html(text))
                if text
                else not_written,
            )
        )
    return mark_safe("\n".join(cards))  # noqa: S308 (each card is built by format_html)


def _local(value, format_string) -> str:
    return dateformat.format(timezone.localtime(value), format_string)


@register.simple_tag
def live_forum_items(forums):
    """The list items of live.forums_of(): each forum with its next meeting."""
    forum_url = url_maker("forums:detail")
    meeting_url = url_maker("forums:meeting")
    next_meeting = _("next meeting")
    items = []
    for forum in forums:
        meeting = ""
        if forum.next_meeting_pk:
            meeting = format_html(
                ': {} <a href="{}">{}</a>, {}',
                next_meeting,
                meeting_url(forum.next_meeting_pk),
                forum.next_meeting_title,
                _local(forum.next_meeting_starts, "j.n.Y H:i"),
            )
        items.append(
            format_html(
                '<li class="mb-1"><a href="{}">{}</a>{}</li>',
                forum_url(forum.pk),
                forum,
                meeting,
            )
        )
    return mark_safe("".join(items))  # noqa: S308 (each item is built by format_html)


@register.simple_tag
def live_round_items(rounds, now):
    """The list items of live.rounds_of(): each round with its period and extra points."""
    round_url = url_maker("grants:round")
    open_now, coming = _("open now"), _("coming")
    items = []
    for round_ in rounds:
        bonus = ""
        if round_.bonus_per_priority:
            bonus = ". " + _(
                "Extra points for serving the welfare priorities: %(points)s per priority."
            ) % {"points": round_.bonus_per_priority}
        items.append(
            format_html(
                '<li class="mb-1"><a href="{}">{}</a> ({}): {}–{}, {}{}</li>',
                round_url(round_.pk),
                round_,
                round_.body,
                _local(round_.opens_at, "j.n.Y"),
                _local(round_.closes_at, "j.n.Y"),
                open_now if round_.opens_at <= now else coming,
                bonus,
            )
        )
    return mark_safe("".join(items))  # noqa: S308 (each item is built by format_html)
