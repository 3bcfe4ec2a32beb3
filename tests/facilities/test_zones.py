"""A facility's time zone (issue 14): its own when a directory admin set one, else its state's, else the
installation's. Admissions at the facility are entered and shown in it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.zones import zone_names
from facilities.forms import US_STATES
from facilities.models import Facility
from facilities.zones import STATE_ZONES, zone_for_state
from tests.factories import FacilityFactory

STATES_AND_DC = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV",
    "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN",
    "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
]  # fmt: skip


def test_the_state_table_covers_the_fifty_states_dc_and_puerto_rico():
    assert len(STATES_AND_DC) == 51
    assert set(STATES_AND_DC) | {"PR"} <= set(STATE_ZONES)
    assert set(US_STATES) <= set(STATE_ZONES)  # every state the facility form accepts
    assert set(STATE_ZONES.values()) <= set(zone_names())


@pytest.mark.parametrize(
    ("state", "zone"),
    [
        ("VA", "America/New_York"),
        ("CA", "America/Los_Angeles"),
        ("TX", "America/Chicago"),  # El Paso is the exception: Mountain
        ("TN", "America/Chicago"),  # more Tennesseans live in Central time than in Eastern
        ("AZ", "America/Phoenix"),
        ("HI", "Pacific/Honolulu"),
        ("PR", "America/Puerto_Rico"),
        ("va", "America/New_York"),
        ("ZZ", ""),
        ("", ""),
    ],
)
def test_zone_for_state(state, zone):
    assert zone_for_state(state) == zone


def test_a_facility_is_in_its_states_zone_unless_it_sets_its_own(db, settings):
    assert FacilityFactory.build(state="CA").zone == ZoneInfo("America/Los_Angeles")
    assert FacilityFactory.build(state="FL", time_zone="America/Chicago").zone == ZoneInfo("America/Chicago")
    settings.TIME_ZONE = "America/Denver"
    assert FacilityFactory.build(state="").zone == ZoneInfo("America/Denver")  # no state: the installation's


def test_directory_admin_sets_a_facilitys_own_zone_and_the_page_names_it(client, dana):
    facility = FacilityFactory(name="Gulf House", state="FL", city="Pensacola", postal_code="32501")
    client.force_login(dana)
    url = reverse("facilities:facility-update", kwargs={"facility": facility.pk})
    form = client.get(url).context["form"]
    assert "Its state&#x27;s (America/New_York)" in str(form["time_zone"])
    assert "America/New_York" in client.get(facility.get_absolute_url()).content.decode()
    data = {name: value for name, value in form.initial.items() if value is not None and name != "verified"}
    response = client.post(url, {**data, "time_zone": "Mars/Olympus"})
    assert response.status_code == 200 and "time_zone" in response.context["form"].errors
    response = client.post(url, {**data, "time_zone": "America/Chicago"})
    assert response.status_code == 302, response.context["form"].errors
    facility = Facility.objects.get(pk=facility.pk)
    assert facility.time_zone == "America/Chicago" and facility.zone == ZoneInfo("America/Chicago")
    assert "America/Chicago" in client.get(facility.get_absolute_url()).content.decode()
