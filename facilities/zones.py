"""The time zone a facility keeps its clock in, derived from its state (no stored value needed).

An admission is an appointment at the facility, so its time is the facility's local time (issue 14). Each US state,
DC and territory maps to one IANA zone. Where a state is split between zones we take the zone most of its people live
in; a facility in the other part (the Florida panhandle, El Paso, Boise's north, Tennessee's east...) sets its own
zone on the facility form (`Facility.time_zone`), which wins over this table.
"""

from __future__ import annotations

STATE_ZONES: dict[str, str] = {
    "AL": "America/Chicago",  # split: Phenix City area keeps Eastern time informally
    "AK": "America/Anchorage",  # split: the western Aleutians are on Hawaii-Aleutian time (America/Adak)
    "AZ": "America/Phoenix",  # no daylight saving time; the Navajo Nation keeps it (America/Denver)
    "AR": "America/Chicago",
    "CA": "America/Los_Angeles",
    "CO": "America/Denver",
    "CT": "America/New_York",
    "DE": "America/New_York",
    "DC": "America/New_York",
    "FL": "America/New_York",  # split: the panhandle west of the Apalachicola is Central
    "GA": "America/New_York",
    "HI": "Pacific/Honolulu",
    "ID": "America/Boise",  # split: the panhandle in the north is Pacific (America/Los_Angeles)
    "IL": "America/Chicago",
    "IN": "America/Indiana/Indianapolis",  # split: the corners near Chicago and Evansville are Central
    "IA": "America/Chicago",
    "KS": "America/Chicago",  # split: four western counties are Mountain
    "KY": "America/New_York",  # split: the west (Bowling Green, Paducah) is Central
    "LA": "America/Chicago",
    "ME": "America/New_York",
    "MD": "America/New_York",
    "MA": "America/New_York",
    "MI": "America/Detroit",  # split: four Upper Peninsula counties on the Wisconsin line are Central
    "MN": "America/Chicago",
    "MS": "America/Chicago",
    "MO": "America/Chicago",
    "MT": "America/Denver",
    "NE": "America/Chicago",  # split: the western panhandle is Mountain
    "NV": "America/Los_Angeles",  # split: West Wendover is Mountain
    "NH": "America/New_York",
    "NJ": "America/New_York",
    "NM": "America/Denver",
    "NY": "America/New_York",
    "NC": "America/New_York",
    "ND": "America/Chicago",  # split: the southwest is Mountain
    "OH": "America/New_York",
    "OK": "America/Chicago",
    "OR": "America/Los_Angeles",  # split: most of Malheur County is Mountain
    "PA": "America/New_York",
    "RI": "America/New_York",
    "SC": "America/New_York",
    "SD": "America/Chicago",  # split: the west (Rapid City) is Mountain
    "TN": "America/Chicago",  # split: East Tennessee (Knoxville, Chattanooga) is Eastern
    "TX": "America/Chicago",  # split: El Paso and Hudspeth counties are Mountain
    "UT": "America/Denver",
    "VT": "America/New_York",
    "VA": "America/New_York",
    "WA": "America/Los_Angeles",
    "WV": "America/New_York",
    "WI": "America/Chicago",
    "WY": "America/Denver",
    # Territories
    "AS": "Pacific/Pago_Pago",
    "GU": "Pacific/Guam",
    "MP": "Pacific/Saipan",
    "PR": "America/Puerto_Rico",
    "VI": "America/St_Thomas",
}


def zone_for_state(state: str) -> str:
    """The IANA zone of a two-letter state or territory code; "" when the code is empty or unknown."""
    return STATE_ZONES.get(state.strip().upper(), "")
