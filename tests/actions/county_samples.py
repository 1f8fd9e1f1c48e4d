"""Rows for the URL walk's samples (tests/conftest.py): the county pages."""


def county_samples(campaign, people) -> dict:
    """{"pk": {url name: pk}, "slug": {url name: slug}, "extra": {url keyword: value}}"""
    return {"pk": {}, "slug": {}, "extra": {}}
