"""Lists that can grow with the country page through a bounded number of rows.

``BoundedPaginator(rows, per_page, limit=…)`` counts at most limit + 1 rows,
without the list's order (how many of the first N rows there are does not
depend on it, and without it the database stops at the limit instead of sorting
every match). Its pages reach no further than the limit; ``is_bounded`` says
that there were more, for a message asking to narrow the list. rows is a list,
a queryset, or an object with ``count_upto(n)`` and slices (a list's rows read
by compiled queries, associations.selectors.DirectoryRows).

``ListWindow(name, shape, topics=…)`` keeps what a long list's pages learned of
it (how many rows, up to the limit + 1, and its first ids in order) in the
shared cache until one of its topics changes (``pagecache.invalidate``), for
LIST_CACHE_SECONDS at most: a bookmarked deep page then needs no walk through
the rows before it, and a page needs no count.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from kumppanuus import pagecache


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, limit):
        super().__init__(object_list, per_page)
        self.limit = limit

    @cached_property
    def found(self) -> int:
        """The number of rows, counted up to limit + 1."""
        if isinstance(self.object_list, list):
            return min(len(self.object_list), self.limit + 1)
        count_upto = getattr(self.object_list, "count_upto", None)
        if count_upto is not None:
            # A compiled query's rows (kumppanuus.compiled.CompiledList, associations'
            # DirectoryRows).
            return count_upto(self.limit + 1)
        return self.object_list.order_by().values("pk")[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.found, self.limit)

    @property
    def is_bounded(self) -> bool:
        return self.found > self.limit


class ListWindow:
    """What is known of a list of ids: found (counted up to some n) and its first ids.

    shape names the list (its filters, order and limit) within name; topics are
    the page cache's topics of its rows. Nothing is kept when
    LIST_CACHE_SECONDS is 0.
    """

    def __init__(self, name: str, shape, *, topics: tuple[str, ...]):
        self.seconds = settings.LIST_CACHE_SECONDS
        self.key = self.generation = None
        entry = pagecache.MISSING
        if self.seconds:
            digest = hashlib.sha256(repr(shape).encode()).hexdigest()
            self.key = f"listwindow:{name}:{digest}"
            # The entry with the topics' generation in one round trip (pagecache.kept).
            self.generation, entry = pagecache.read_kept(self.key, topics)
        self.found, self.ids = (None, []) if entry is pagecache.MISSING else entry

    def learn(self, *, found=None, ids=None) -> None:
        """Keep a count, or a longer run of the first ids."""
        changed = False
        if found is not None and found != self.found:
            self.found, changed = found, True
        if ids is not None and len(ids) > len(self.ids):
            self.ids, changed = list(ids), True
        if changed and self.key is not None:
            cache.set(self.key, (self.generation, (self.found, self.ids)), self.seconds)
