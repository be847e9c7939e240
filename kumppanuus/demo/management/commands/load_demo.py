from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kumppanuus.demo import DemoError, loaders


class Command(BaseCommand):
    help = "Load every app's demo data in layer order (idempotent); --force outside DEBUG."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data has demo passwords; use --force outside DEBUG.")
        for loader in loaders():
            try:
                lines = loader.load() or []
            except DemoError as error:
                raise CommandError(str(error)) from None
            for line in lines:
                self.stdout.write(line)
