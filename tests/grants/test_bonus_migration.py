"""The bonus an officer typed as a number before welfare priorities goes to the history."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from grants.models import Application
from kumppanuus.history.services import history_for


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_hand_set_bonus_is_kept_in_the_applications_history(transactional_db):
    executor = MigrationExecutor(connection)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "grants"]
    before = [*others, ("grants", "0004_usage_reports")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Municipality = old.get_model("places", "Municipality")
    Association = old.get_model("associations", "Association")
    Body = old.get_model("grants", "GrantBody")
    Round = old.get_model("grants", "Round")
    OldApplication = old.get_model("grants", "Application")
    body = Body.objects.create(
        municipality=Municipality.objects.get(code="426"), kind="liikuntatoimi", name_fi="L"
    )
    now = timezone.now()
    round = Round.objects.create(
        body=body,
        name_fi="Kierros",
        kind="toiminta-avustus",
        money_available=100,
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=2),
    )
    with_bonus = OldApplication.objects.create(
        round=round,
        association=Association.objects.create(name="A ry", is_registered=False),
        welfare_bonus=4,
    )
    without = OldApplication.objects.create(
        round=round,
        association=Association.objects.create(name="B ry", is_registered=False),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    kept = history_for(Application.objects.get(pk=with_bonus.pk)).get()
    assert (kept.action, kept.note) == ("grants_bonus_migrated", "4")
    assert not history_for(Application.objects.get(pk=without.pk)).exists()
