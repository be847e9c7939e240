from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from associations.demo import DEMO_PASSWORD, DEMO_USERS, DemoError, load_demo


class Command(BaseCommand):
    help = "Load the North Karelia demo data (idempotent). Refused in production unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data has demo passwords; use --force outside DEBUG.")
        try:
            result = load_demo()
        except DemoError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Demo data ready: {result['associations']} associations "
            f"({result['associations_created']} new)."
        )
        self.stdout.write(f"Demo logins (password '{DEMO_PASSWORD}'):")
        for email, _first, _last, role, _staff, _officials in DEMO_USERS:
            self.stdout.write(f"  {role:<45} {email}")
