"""Forms list the 308 municipalities grouped by region (maakunta), one disclosure per region."""

import re

from django.urls import reverse
from django.utils import translation

from kumppanuus.places.models import Municipality


def _groups(html):
    """{summary text: (open, [labels])} of the region disclosures in a page."""
    groups = {}
    for attrs, summary, body in re.findall(
        r"<details([^>]*)>\s*<summary[^>]*>(.*?)</summary>(.*?)</details>", html, re.S
    ):
        labels = [
            " ".join(label.split())
            for label in re.findall(
                r'<label for="[^"]+" class="form-check-label">(.*?)</label>', body, re.S
            )
        ]
        groups[" ".join(re.sub("<[^>]+>", " ", summary).split())] = ("open" in attrs, labels)
    return groups


def test_registration_form_groups_municipalities_by_region(client, outsider):
    client.force_login(outsider)
    html = client.get(reverse("associations:create")).content.decode()
    groups = _groups(html)
    regions = set(Municipality.objects.current().values_list("region_name_fi", flat=True))
    assert set(groups) == regions
    assert (
        sum(len(labels) for _, labels in groups.values()) == Municipality.objects.current().count()
    )
    is_open, labels = groups["Pohjois-Karjala"]
    assert not is_open
    assert "Liperi" in labels and "Helsinki" not in labels
    assert labels == sorted(labels, key=lambda s: s.lower().translate(str.maketrans("åäö", "{|}")))
    # Regions in alphabetical order, Å, Ä and Ö after Z.
    assert list(groups)[0] == "Ahvenanmaa" and list(groups)[-1] == "Varsinais-Suomi"


def test_regions_with_a_chosen_municipality_are_open(client, association, representative):
    client.force_login(representative)
    html = client.get(reverse("associations:edit", args=[association.pk])).content.decode()
    opened = [name for name, (is_open, _) in _groups(html).items() if is_open]
    assert opened == ["Pohjois-Karjala"]


def test_an_error_is_shown_outside_the_closed_regions(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("associations:create"), {"name": "Seura ry", "my_role": "member"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = html.index('id="error_1_id_municipalities"')
    assert error > html.rindex("</details>")
    assert not any(is_open for is_open, _ in _groups(html).values())


def test_swedish_readers_see_swedish_names(client, outsider):
    client.force_login(outsider)
    with translation.override("sv"):
        url = reverse("associations:create")
    html = client.get(url, headers={"accept-language": "sv"}).content.decode()
    groups = _groups(html)
    assert "Libelits" in groups["Norra Karelen"][1]
