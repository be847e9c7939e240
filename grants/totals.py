"""How many applications a round has and what they ask, by status, kept between changes.

The officer's table shows the count and the sum of the amounts asked over every sent
application of the round (or of one status) on each of its pages: aggregating a round of
2 000 applications costs more than drawing the page. The counts by status are kept in the
default cache (`kumppanuus.pagecache.kept`) under a topic of the round's own, which every
write that changes them moves on:

- a save or delete of an application (post_save, post_delete: `signals.py`; deletes of
  many send them too, since a receiver is connected),
- `Application.objects…update()` and `bulk_update()` of a counted field and
  `bulk_create()` (`models.ApplicationQuerySet`),
- `pagecache.invalidate()` without topics (a restore, a refill of the bench data).
"""

from decimal import Decimal

from django.db.models import Count, Sum

from kumppanuus import pagecache
from kumppanuus.compiled import CompiledQuery

from .models import Application

# What the totals count: the fields whose change moves a round's applications
# between statuses or changes their sum.
COUNTED_FIELDS = frozenset({"status", "amount_requested", "round", "round_id"})
# A kept entry of a round that no one looks at any more leaves the cache after a day.
KEEP_SECONDS = 24 * 60 * 60


def _topic(round_pk) -> str:
    return f"grant-round-applications:{round_pk}"


def changed(round_pks) -> None:
    """The applications of these rounds changed: their totals are counted anew (at once
    and after the commit, see `pagecache.invalidate`)."""
    topics = sorted({_topic(pk) for pk in round_pks if pk is not None})
    if topics:
        pagecache.invalidate(*topics, now=True)


_BY_STATUS = CompiledQuery(
    lambda round: (
        Application.objects.filter(round=round)
        .order_by()
        .values("status")
        .annotate(count=Count("pk"), asked=Sum("amount_requested"))
    ),
    round=int,
)


def by_status(round_pk: int) -> dict[str, tuple[int, Decimal | None]]:
    """{status: (how many, the sum of their amounts asked or None)} of the round."""

    def count():
        return {row["status"]: (row["count"], row["asked"]) for row in _BY_STATUS(round=round_pk)}

    return pagecache.kept(
        f"grants:round-applications:{round_pk}", (_topic(round_pk),), count, KEEP_SECONDS
    )


def totals(round_pk: int, status: str = "") -> dict:
    """{"count", "asked"} of the round's applications of the status, or of every sent
    one (all but drafts) without a status; "asked" is None when none has an amount,
    as Sum() gives it."""
    counted = by_status(round_pk)
    if status:
        rows = [counted[status]] if status in counted else []
    else:
        rows = [value for key, value in counted.items() if key != Application.Status.DRAFT]
    amounts = [asked for _count, asked in rows if asked is not None]
    return {
        "count": sum(number for number, _asked in rows),
        "asked": sum(amounts, Decimal(0)) if amounts else None,
    }
