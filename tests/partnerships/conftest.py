import pytest

from kumppanuus.partnerships import services
from kumppanuus.partnerships.sections import SECTION_KEYS


def sections(**texts):
    """All eight sections: the given texts, the rest a short paragraph each."""
    return {key: texts.get(key, f"<p>{key} teksti</p>") for key in SECTION_KEYS}


def draft_data(guideline, **texts):
    return {"version": guideline.draft_version, **sections(**texts)}


def publish(guideline, user, note="Julkaistu", **texts):
    guideline.refresh_from_db()
    services.draft_save(
        guideline=guideline, sections=sections(**texts), version=guideline.draft_version, user=user
    )
    version, _created = services.guideline_publish(
        guideline=guideline, note=note, draft_version=guideline.draft_version, user=user
    )
    return version


@pytest.fixture
def guideline(municipality):
    return services.guideline_for(municipality, create=True)
