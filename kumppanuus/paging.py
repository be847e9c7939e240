"""Lists that can grow with the country page through a bounded number of rows.

``BoundedPaginator(rows, per_page, limit=…)`` counts at most limit + 1 rows,
without the list's order (how many of the first N rows there are does not
depend on it, and without it the database stops at the limit instead of sorting
every match). Its pages reach no further than the limit; ``is_bounded`` says
that there were more, for a message asking to narrow the list.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, limit):
        super().__init__(object_list, per_page)
        self.limit = limit

    @cached_property
    def found(self) -> int:
        """The number of rows, counted up to limit + 1."""
        if isinstance(self.object_list, list):
            return min(len(self.object_list), self.limit + 1)
        if hasattr(self.object_list, "count_upto"):
            # A compiled query's rows (kumppanuus.compiled.CompiledList).
            return self.object_list.count_upto(self.limit + 1)
        return self.object_list.order_by().values("pk")[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.found, self.limit)

    @property
    def is_bounded(self) -> bool:
        return self.found > self.limit
