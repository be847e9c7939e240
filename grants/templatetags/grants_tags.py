from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext

from kumppanuus.links import url_maker
from kumppanuus.places.models import localized

register = template.Library()
NBSP = "\u00a0"
CENT = Decimal("0.01")


@register.filter
def euros(value):
    """1 234,50 € (Finnish format, a no-break space between groups and before €)."""
    if value is None or value == "":
        return "–"
    amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{abs(amount):,.2f}".replace(",", NBSP).replace(".", ",")
    return ("−" if amount < 0 else "") + text + f"{NBSP}€"


@register.filter
def iban(value):
    """FI21 1234 5600 0007 85: the stored compact IBAN in groups of four."""
    from kumppanuus.validators import format_iban

    return format_iban(value) if value else ""


# The statistics page draws six charts of up to 30 rows, each row twice (a bar and a
# table row): built in Python instead of a template loop with a lookup per value, with
# the standard library's escape (the one Django's uses, without its lazy wrapper).
# Counts are whole numbers, drawn as the template drew them (no thousand separator).


@register.simple_tag
def chart_bars(rows):
    """The bars of a statistics chart (the rows of statistics.charts)."""
    return mark_safe(  # noqa: S308 (the labels are escaped, the rest are numbers)
        "\n".join(
            '<div class="row g-2 small align-items-center">'
            f'<div class="col-5 col-md-4 text-truncate">{escape(row["label"])}</div>'
            '<div class="col-7 col-md-8"><svg class="grant-bar" width="100%" height="16" '
            f'focusable="false"><rect width="{int(row["percent"])}%" height="16"></rect></svg>'
            "</div></div>"
            for row in rows
        )
    )


@register.simple_tag
def chart_table_rows(rows):
    """The rows of a statistics chart's table: the label, the number of grants, the total."""
    return mark_safe(  # noqa: S308 (the labels are escaped, the rest are numbers)
        "\n".join(
            f'<tr><th scope="row" class="fw-normal">{escape(row["label"])}</th>'
            f'<td class="text-end">{int(row["count"])}</td>'
            f'<td class="text-end">{euros(row["total"])}</td></tr>'
            for row in rows
        )
    )


@register.simple_tag
def grant_rows(grants):
    """The rows of a round's public list of grants (the values that views.round_grants
    reads): association, linked while it is active, in the reader's language as
    Association.localized_name gives it; purpose; amount. Built in Python, with one
    reversed URL for the links."""
    url = url_maker("associations:detail", arity=2)
    rows = []
    for grant in grants:
        name = escape(localized(grant["association__name"], grant["association__name_sv"]))
        if grant["association__is_active"]:
            link = url(grant["association_id"], grant["association__slug"])
            name = f'<a href="{escape(link)}">{name}</a>'
        rows.append(
            f"<tr><td>{name}</td><td>{escape(grant['purpose'])}</td>"
            f'<td class="text-end">{euros(grant["granted_amount"])}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (every text in it is escaped)


def _moment(value, zone) -> str:
    """A moment as the date filter "j.n.Y H:i" draws it (in the current time zone,
    given once per page), without parsing the format."""
    moment = value.astimezone(zone)
    return f"{moment.day}.{moment.month}.{moment.year} {moment.hour:02}:{moment.minute:02}"


# The officer's table draws 50 rows of nine cells, most with a condition, a link or a
# translated word: built in Python, with one reversed URL per kind of link and the
# labels looked up once per page.
_UNSELECTABLE = {"draft", "withdrawn"}


@register.simple_tag
def application_rows(applications, selected=()):
    """The rows of the officer's table (views._table_rows: values with the bonus and the
    combined score): checkbox, association, purpose, status, decision, sent, bonus,
    combined score, amount requested. The association's name in the reader's language,
    as Association.localized_name gives it."""
    from grants.models import Application

    application_url = url_maker("grants:application")
    decide_url = url_maker("grants:decide")
    statuses = {value: escape(str(label)) for value, label in Application.Status.choices}
    decisions = {value: escape(str(label)) for value, label in Application.Decision.choices}
    overdue = (
        ' <strong class="badge text-bg-warning overdue-report">'
        f"{escape(gettext('Usage report overdue'))}</strong>"
    )
    record = escape(gettext("Record a decision"))
    select = gettext("Select %(association)s")
    zone = get_current_timezone()
    selected = {int(pk) for pk in selected}
    rows = []
    for application in applications:
        pk = str(application["pk"])
        name = localized(application["association__name"], application["association__name_sv"])
        association = escape(name)
        status = application["status"]
        sent = status not in _UNSELECTABLE
        check = ""
        if sent and not application["published_at"]:
            label = escape(select % {"association": name})
            check = (
                f'<input class="form-check-input" type="checkbox" name="selected" value="{pk}" '
                f'id="select-{pk}"{" checked" if application["pk"] in selected else ""}>'
                f'<label class="visually-hidden" for="select-{pk}">{label}</label>'
            )
        decision = ""
        if sent:
            if application["decision"]:
                decision = decisions.get(application["decision"], escape(application["decision"]))
                if application["granted_amount"] is not None:
                    decision += " " + euros(application["granted_amount"])
            else:
                decision = record
            decision = (
                f'<a href="{decide_url(pk)}">{decision}'
                f'<span class="visually-hidden"> – {association}</span></a>'
            )
        submitted = ""
        if application["submitted_at"]:
            submitted = _moment(application["submitted_at"], zone)
        combined = application["combined"]
        combined = "–" if combined is None else floatformat(combined, 2)
        rows.append(
            f"<tr><td>{check}</td>"
            f'<td><a href="{application_url(pk)}">{association}</a>'
            f"{overdue if application['overdue_report'] else ''}</td>"
            f"<td>{escape(application['purpose'])}</td>"
            f"<td>{statuses.get(status, escape(status))}</td>"
            f"<td>{decision}</td>"
            f"<td>{submitted}</td>"
            f'<td class="text-end">{int(application["bonus"])}</td>'
            f'<td class="text-end">{combined}</td>'
            f'<td class="text-end">{euros(application["amount_requested"])}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (every text in it is escaped)


# The values of a round that the listing draws (views.rounds reads only these).
ROUND_ITEM_VALUES = [
    "pk",
    "name_fi",
    "name_sv",
    "kind",
    "opens_at",
    "closes_at",
    "body__name_fi",
    "body__name_sv",
    "body__municipality__name_fi",
    "body__municipality__name_sv",
    "body__county__name_fi",
    "body__county__name_sv",
]


@register.simple_tag
def round_items(rounds, now):
    """The items of the one-stop listing (rounds as ROUND_ITEM_VALUES): name, body, its
    municipality or county, kind, open or coming, and the application period, each name
    in the reader's language as the models' `name` gives it. Built in Python: the
    listing draws every open and coming round."""
    from grants.models import Round

    url = url_maker("grants:round")
    kinds = {value: str(label) for value, label in Round.Kind.choices}
    coming, open_ = escape(gettext("Coming")), escape(gettext("Open"))
    zone = get_current_timezone()
    items = []
    for row in rounds:
        body = localized(row["body__name_fi"], row["body__name_sv"]) or ""
        owner = (
            localized(row["body__municipality__name_fi"], row["body__municipality__name_sv"])
            or localized(row["body__county__name_fi"], row["body__county__name_sv"])
            or ""
        )
        title = localized(row["name_fi"], row["name_sv"]) or ""
        facts = f"{body} · {owner} · {kinds.get(row['kind'], row['kind'])}"
        opens_at = row["opens_at"]
        items.append(
            '<li class="list-group-item">'
            f'<h2 class="h5 mb-1"><a href="{url(row["pk"])}">{escape(title)}</a></h2>'
            f'<p class="mb-1">{escape(facts)}</p>'
            f'<p class="mb-0"><strong>{coming if opens_at > now else open_}</strong>: '
            f"{_moment(opens_at, zone)} – {_moment(row['closes_at'], zone)}</p></li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 (every text in it is escaped)
