import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from associations.importing import import_associations

# A name in a file could carry terminal escape sequences; print them harmless.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _printable(text) -> str:
    return UNPRINTABLE.sub("?", str(text))


class Command(BaseCommand):
    help = (
        "Import associations from a CSV or XLSX file. A row whose business ID is already "
        "in the portal updates that association. If any row has an error, nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV (UTF-8) or XLSX file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; save nothing."
        )
        parser.add_argument(
            "--user", metavar="EMAIL", help="The person the history names as the importer."
        )

    def handle(self, *args, file, dry_run=False, user=None, **options):
        importer = None
        if user:
            try:
                importer = get_user_model().objects.get(email__iexact=user.strip())
            except get_user_model().DoesNotExist:
                raise CommandError(
                    _("No user has the email address %(email)s.") % {"email": user}
                ) from None
        path = Path(file)
        try:
            handle = path.open("rb")
        except OSError as error:
            raise CommandError(
                _("The file %(file)s cannot be opened: %(error)s")
                % {"file": file, "error": error.strerror}
            ) from None
        with handle:
            report = import_associations(handle, name=path.name, user=importer, dry_run=dry_run)

        for problem in report.errors:
            self.stderr.write(_printable(problem.message))
        if report.ignored_columns:
            self.stdout.write(
                _("Ignored columns: %(columns)s")
                % {"columns": _printable(", ".join(report.ignored_columns))}
            )
        if options["verbosity"] >= 1:
            for row in report.rows:
                self.stdout.write(
                    _("row %(row)s: %(status)s: %(name)s")
                    % {"row": row.number, "status": row.status_label, "name": _printable(row.name)}
                )
                for problem in row.errors:
                    label = f"{problem.label}: " if problem.label else ""
                    self.stdout.write(f"    {_printable(label)}{_printable(problem.message)}")
        counts = ", ".join(f"{label}: {count}" for label, count in report.counts.items())
        if report.failed:
            failed_rows = len(report.error_rows)
            raise CommandError(
                ngettext(
                    "Nothing was saved: %(count)d row has errors.",
                    "Nothing was saved: %(count)d rows have errors.",
                    failed_rows,
                )
                % {"count": failed_rows}
                if failed_rows
                else _("Nothing was saved.")
            )
        if report.dry_run:
            self.stdout.write(_("Check only, nothing was saved. %(counts)s") % {"counts": counts})
        else:
            self.stdout.write(
                self.style.SUCCESS(_("Import saved. %(counts)s") % {"counts": counts})
            )
