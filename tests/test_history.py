"""One history of changes for any object: field edits with translated labels, and actions."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from associations.models import Association, AssociationChange
from kumppanuus.history.models import Change
from kumppanuus.history.services import (
    field_label,
    history_for,
    history_record,
    history_record_diff,
    history_snapshot,
    register_actions,
)
from tests import factories


def test_a_field_edit_records_who_changed_what_from_what_to_what(association, representative):
    fields = ["name", "email", "municipalities", "is_active"]
    before = history_snapshot(association, fields)
    association.email = "uusi@liikuntaseura.example.fi"
    association.is_active = False
    association.save()

    change = history_record_diff(
        target=association,
        user=representative,
        action="updated",
        before=before,
        after=history_snapshot(association, fields),
    )

    assert change.changes == {
        "email": ["", "uusi@liikuntaseura.example.fi"],
        "is_active": ["✓", "–"],
    }
    assert change.user == representative
    assert history_for(association).get() == change
    with translation.override("fi"):
        assert str(field_label(Association, "email")) == "julkinen sähköpostiosoite"


def test_nothing_is_recorded_when_nothing_changed(association):
    snapshot = history_snapshot(association, ["name"])

    assert (
        history_record_diff(
            target=association, user=None, action="updated", before=snapshot, after=snapshot
        )
        is None
    )
    assert not history_for(association).exists()


def test_an_action_that_is_not_a_field_edit_has_its_own_name_and_note(municipality, outsider):
    register_actions({"published": "julkaisi version"})

    history_record(target=municipality, user=outsider, action="published", note="Versio 2")
    history_record(target=municipality, user=None, action="invited", note="kutsui X:n sihteeriksi")

    newest, oldest = history_for(municipality)
    assert (newest.action, newest.note, newest.user) == ("invited", "kutsui X:n sihteeriksi", None)
    assert oldest.action_label == "julkaisi version"


def test_the_history_of_one_object_is_not_anothers(association, other_association):
    history_record(target=association, user=None, action="updated")

    assert history_for(other_association).count() == 0
    assert association.changes.count() == 1
    assert AssociationChange.objects.filter(association=association).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_associations_earlier_history_moves_over_as_it_was(transactional_db):
    executor = MigrationExecutor(connection)
    before = [("associations", "0006_association_verification"), ("history", "0001_initial")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldAssociation = old_apps.get_model("associations", "Association")
    OldChange = old_apps.get_model("associations", "AssociationChange")
    OldUser = old_apps.get_model("accounts", "User")
    person = OldUser.objects.create(email="historia@example.fi")
    seura = OldAssociation.objects.create(
        name="Vanha Seura ry", slug="vanha-seura-ry", is_registered=False
    )
    old = OldChange.objects.create(
        association=seura, user=person, action="updated", changes={"name": ["A", "B"]}
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = Change.objects.get(object_id=seura.pk)
    assert (moved.user_id, moved.action, moved.changes) == (
        person.pk,
        "updated",
        {"name": ["A", "B"]},
    )
    assert moved.created_at == old.created_at
    assert moved.content_type.model == "association"
    assert factories.make_user().pk != person.pk
