"""Rows for the URL walk's samples (tests/conftest.py): the petition pages."""


def petition_samples(campaign, people) -> dict:
    """{"pk": {url name: pk}, "slug": {url name: slug}, "extra": {url keyword: value}}"""
    return {"pk": {}, "slug": {}, "extra": {}}
