from django.db import migrations

from associations.lists import ensure

def add_lists(apps, schema_editor):
    ensure(
        apps.get_model("associations", "FieldOfActivity"),
        apps.get_model("associations", "TargetGroup"),
    )


class Migration(migrations.Migration):
    dependencies = [("associations", "0001_initial")]

    operations = [migrations.RunPython(add_lists, migrations.RunPython.noop)]
