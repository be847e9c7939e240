import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from kumppanuus import pagecache
from kumppanuus.bench import fillers

# Emptied before every refill, besides the tables the fillers name.
TRUNCATE = ["accounts_user", "notifications_message"]


class Command(BaseCommand):
    help = "Fill the configured PostgreSQL with national-scale data, repeatable from a seed."

    def add_arguments(self, parser):
        parser.add_argument("--associations", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--force", action="store_true", help="Refill even if filled.")

    def handle(self, *args, associations, seed, force, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_fill needs PostgreSQL: set DATABASE_URL.")
        options = {"associations": associations}
        checks = [filler.filled for filler in fillers() if filler.filled]
        if not force and checks and all(filled(options) for filled in checks):
            self.stdout.write(f"Already filled with {associations} associations.")
            return
        started = time.monotonic()
        rng = random.Random(seed)
        ctx = {}
        tables = [*TRUNCATE, *(table for filler in fillers() for table in filler.tables)]
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            for filler in fillers():
                filler.fill(rng, ctx, self._progress, options)
            # TRUNCATE passes by every signal: whatever is kept computed is computed anew.
            pagecache.invalidate()
        with connection.cursor() as cursor:
            # As autovacuum would in production: statistics, and the visibility map
            # that lets the directory's deep pages read ids from indexes alone.
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(f"\nFilled in {time.monotonic() - started:.0f} s.")

    def _progress(self, what, done, total):
        width = 30
        filled = int(width * done / total)
        sys.stdout.write(f"\r{what:<16} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            sys.stdout.write("\n")
        sys.stdout.flush()
