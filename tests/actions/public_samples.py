"""Samples for the public pages and the campaign pages behind them, gathered from each feature."""

from tests.actions.county_samples import county_samples
from tests.actions.letter_samples import letter_samples
from tests.actions.petition_samples import petition_samples


def public_samples(campaign, people) -> dict:
    merged: dict = {"pk": {}, "slug": {}, "extra": {}}
    for make in (petition_samples, letter_samples, county_samples):
        part = make(campaign, people)
        for key, values in merged.items():
            values.update(part.get(key, {}))
    return merged
