"""Every municipality and wellbeing services county of the official classification.

A deployment gets its places from `migrate` alone. Rows that exist (from an older
demo) are updated by code, so running it on a filled database is safe.
"""

from django.db import migrations


def load(apps, schema_editor):
    from kumppanuus.places.classification import CURRENT_FILE, read_classification, upsert_places

    upsert_places(
        read_classification(CURRENT_FILE),
        apps.get_model("places", "WellbeingCounty"),
        apps.get_model("places", "Municipality"),
    )


class Migration(migrations.Migration):
    dependencies = [("places", "0002_municipality_language_region_successor")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
