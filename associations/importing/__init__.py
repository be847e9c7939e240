"""Import associations from a CSV or XLSX file.

Every row is validated with the portal's own AssociationForm before anything is
saved. If any row has an error, nothing is saved; otherwise the whole file is
saved in one transaction. A row whose business ID (Y-tunnus) is already in the
portal updates that association instead of creating a second one.
"""

import logging
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from .columns import _map_columns, column_guide
from .reading import _read_table
from .report import ImportFileError, ImportReport, Problem
from .rows import _save, _validate

__all__ = ["ImportReport", "column_guide", "import_associations"]

logger = logging.getLogger(__name__)


def import_associations(
    file, *, name: str = "", user=None, dry_run: bool = False, progress=None
) -> ImportReport:
    """Read, validate and (unless dry_run or any row fails) save a whole file.

    file is a binary file object (an upload or an open file); name is its file
    name, whose extension says what the content must be. progress(done, total)
    is called as rows are checked.
    """
    name = name or getattr(file, "name", "") or ""
    report = ImportReport(filename=PurePath(name).name, dry_run=dry_run)
    try:
        header, rows = _read_table(file, name)
        columns, report.ignored_columns = _map_columns(header)
    except ImportFileError as error:
        report.errors.append(error.problem)
        return report

    plans = _validate(rows, columns, report, progress)
    if progress:
        progress(len(rows), len(rows))
    if report.failed or dry_run:
        return report
    try:
        with transaction.atomic():
            _save(plans, user)
    except (DatabaseError, ValidationError):
        # Most likely someone changed the same associations between validation and
        # saving (a business ID taken meanwhile); the transaction has rolled back.
        logger.exception("Saving the import of %s failed", report.filename)
        for plan in plans:
            plan.result.association = None
        report.errors.append(
            Problem(
                message=_(
                    "Saving failed, so nothing was saved. The associations may have changed "
                    "while the file was being saved: import the file again."
                ),
                code="save_failed",
            )
        )
        return report
    report.saved = True
    return report
