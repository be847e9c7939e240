"""The demo's agreements and premises: loaded after the associations, idempotent."""

import pytest
from django.utils import timezone

from kumppanuus.agreements.models import Agreement
from kumppanuus.demo import load_all, loaders
from kumppanuus.notifications.models import Message
from kumppanuus.places.models import Premises

pytestmark = pytest.mark.django_db


def test_the_demo_has_agreements_one_ending_soon_and_premises_in_several_municipalities():
    order = [loader.name for loader in loaders()]
    assert order.index("associations") < order.index("agreements")
    assert order.index("premises") < order.index("agreements")
    load_all()
    counts = (Agreement.objects.count(), Premises.objects.count(), Message.objects.count())
    load_all()
    assert (Agreement.objects.count(), Premises.objects.count(), Message.objects.count()) == counts

    active = Agreement.objects.active()
    assert active.count() >= 3
    assert any(agreement.days_left <= 90 for agreement in active)
    assert Agreement.objects.filter(status="draft").exists()
    assert Premises.objects.values("municipality").distinct().count() >= 5
    # Reminders are planned for active agreements with people to remind, none for the draft.
    planned = Message.objects.filter(kind__startswith="agreement_", status="pending")
    ending_soon = next(agreement for agreement in active if agreement.days_left <= 90)
    assert ending_soon in {m.target for m in planned} <= set(active)
    assert all(m.due_at > timezone.now() for m in planned)
