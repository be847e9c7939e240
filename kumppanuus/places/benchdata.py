"""National-scale places for `make bench`: the real counties and municipalities.

bench_fill empties the tables first, so the official classification is loaded
again here; a filled database keeps its rows (upsert by code).
"""

from kumppanuus.places.classification import CURRENT_FILE, read_classification, upsert_places
from kumppanuus.places.models import Municipality, WellbeingCounty


def fill(rng, ctx, progress):
    upsert_places(read_classification(CURRENT_FILE), WellbeingCounty, Municipality)
    municipalities = list(
        Municipality.objects.current().order_by("code").values_list("pk", flat=True)
    )
    ctx["municipalities"] = municipalities
    progress("municipalities", len(municipalities), len(municipalities))
