from django.core.management.base import BaseCommand, CommandError

from kumppanuus.places.classification import (
    CURRENT_FILE,
    ClassificationError,
    load_classification,
    read_classification,
)


class Command(BaseCommand):
    help = (
        "Apply a classification of municipalities and wellbeing services counties (JSON, as "
        "kumppanuus/places/data/places-2025.json). Merged municipalities end and everything "
        "that points at them moves to their successor; nothing is deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", default=str(CURRENT_FILE), help="The classification file."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; save nothing."
        )

    def handle(self, *args, file, dry_run=False, **options):
        try:
            data = read_classification(file)
            report = load_classification(data, dry_run=dry_run)
        except ClassificationError as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
