from django.core.management.base import BaseCommand, CommandError

from kumppanuus.accounts.models import User
from kumppanuus.places.bulk_invite import contact_persons_invite_from_file


class Command(BaseCommand):
    help = (
        "Invite municipal contact persons from a CSV file with the columns email, "
        "municipality code and title. Nobody is invited if any row has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check only, invite nobody.")
        parser.add_argument("--user", help="Email of the administrator named as the inviter.")
        parser.add_argument("--language", default="fi", help="Language of the emails (fi, sv, en).")

    def handle(self, *args, file, dry_run=False, user=None, language="fi", **options):
        inviter = None
        if user:
            inviter = User.objects.filter(email__iexact=user).first()
            if inviter is None:
                raise CommandError(f"No user {user}.")
        try:
            with open(file, "rb") as handle:
                report = contact_persons_invite_from_file(
                    handle, name=file, invited_by=inviter, dry_run=dry_run, language=language
                )
        except OSError as error:
            raise CommandError(str(error)) from None
        for problem in report.errors:
            self.stderr.write(problem)
        for row in report.rows:
            line = f"row {row.number}: {row.email} {row.code} – {row.status_label}"
            if row.errors:
                line += ": " + " ".join(row.errors)
            self.stdout.write(line)
        self.stdout.write(", ".join(f"{label}: {n}" for label, n in report.counts.items()))
        if report.failed:
            raise CommandError("Nobody was invited: the file has errors.")
        if dry_run:
            self.stdout.write("Dry run: nobody was invited.")
