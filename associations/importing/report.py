"""The row-by-row report of an import."""

from dataclasses import asdict, dataclass, field

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
    association_id: int | None = None

    @property
    def status_label(self) -> str:
        return RowStatus(self.status).label

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "name": self.name,
            "business_id": self.business_id,
            "status": str(self.status),
            "errors": [asdict(problem) for problem in self.errors],
            "association_id": self.association.pk if self.association else self.association_id,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "RowResult":
        return cls(**{**data, "errors": [Problem(**problem) for problem in data["errors"]]})


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

    def to_dict(self) -> dict:
        """The report as JSON, to keep with a background import."""
        return {
            "filename": self.filename,
            "dry_run": self.dry_run,
            "saved": self.saved,
            "rows": [row.to_dict() for row in self.rows],
            "errors": [asdict(problem) for problem in self.errors],
            "ignored_columns": self.ignored_columns,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        return cls(
            filename=data["filename"],
            dry_run=data["dry_run"],
            saved=data["saved"],
            rows=[RowResult.from_dict(row) for row in data["rows"]],
            errors=[Problem(**problem) for problem in data["errors"]],
            ignored_columns=data["ignored_columns"],
        )


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
