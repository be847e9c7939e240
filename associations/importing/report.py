"""The row-by-row report of an import."""

from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy

from ..models import Association


class RowStatus(TextChoices):
    CREATED = "created", gettext_lazy("created")
    UPDATED = "updated", gettext_lazy("updated")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")
    ERROR = "error", gettext_lazy("error")


@dataclass
class Problem:
    """One error: in a field of a row (label is the field's name) or in the whole file."""

    message: str
    code: str
    field: str = ""
    label: str = ""


@dataclass
class RowResult:
    number: int
    name: str
    business_id: str = ""
    status: str = RowStatus.ERROR
    errors: list[Problem] = field(default_factory=list)
    association: Association | None = None

    @property
    def status_label(self) -> str:
        return RowStatus(self.status).label


@dataclass
class ImportReport:
    filename: str = ""
    dry_run: bool = False
    saved: bool = False
    rows: list[RowResult] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors) or any(row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status.label: self.count(status) for status in RowStatus}


class ImportFileError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.problem = Problem(message=message, code=code)


@dataclass
class _Plan:
    result: RowResult
    data: dict
    association: Association | None
    # The association's tracked fields before the row, for its history.
    before: dict = field(default_factory=dict)
