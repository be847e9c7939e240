from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_names(apps, schema_editor):
    Application = apps.get_model("grants", "Application")
    Association = apps.get_model("associations", "Association")
    Application.objects.update(
        association_name=Subquery(
            Association.objects.filter(pk=OuterRef("association_id")).values("name")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("associations", "0011_bank_account"),
        ("grants", "0006_merge_0005_payments_exports_0005_priorities_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="association_name",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=200,
                verbose_name="association's name (sort key)",
            ),
        ),
        migrations.RunPython(copy_names, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["round", "association_name", "id"], name="application_round_by_name"
            ),
        ),
    ]
