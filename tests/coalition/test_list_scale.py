"""Helpers that keep the coalition's lists fast at scale (issue 10): selects that render their
options without a template each, and a paginator that stops counting."""

import pytest
from django import forms
from django.urls import reverse

from coalition.models import Organization
from coalition.views.common import (
    AtLeast,
    CappedPaginator,
    QuickSelect,
    QuickSelectMultiple,
    quick_selects,
)
from tests.coalition.factories import OrganizationFactory

CHOICES = [
    ("", "---------"),
    ("a", "Alpha & <b>"),
    ("Group", [("x", "X"), ("y", 'Y "quoted"')]),
    (3, "Three"),
]


@pytest.mark.parametrize(
    ("plain", "quick", "value"),
    [(forms.Select, QuickSelect, "x"), (forms.SelectMultiple, QuickSelectMultiple, ["a", 3])],
)
def test_quick_selects_write_the_same_html_as_django(plain, quick, value):
    attrs = {"aria-label": "Organization", "hx-get": "/c/x/?a=1&b=2"}
    expected = plain(choices=CHOICES, attrs=attrs).render("org", value, attrs={"id": "id_org"})
    found = quick(choices=CHOICES, attrs=attrs).render("org", value, attrs={"id": "id_org"})
    assert found == expected


def test_quick_selects_swaps_only_plain_selects():
    class Form(forms.Form):
        one = forms.ChoiceField(choices=CHOICES[:2])
        many = forms.MultipleChoiceField(choices=CHOICES[:2])
        ticks = forms.MultipleChoiceField(choices=CHOICES[:2], widget=forms.CheckboxSelectMultiple)
        text = forms.CharField()

    form = Form()
    quick_selects(form, None)
    assert type(form.fields["one"].widget) is QuickSelect
    assert type(form.fields["many"].widget) is QuickSelectMultiple
    assert type(form.fields["ticks"].widget) is forms.CheckboxSelectMultiple
    assert type(form.fields["text"].widget) is forms.TextInput


@pytest.mark.django_db
def test_capped_paginator_counts_a_window(campaign):
    OrganizationFactory.create_batch(12, campaign=campaign)
    rows = Organization.objects.for_campaign(campaign).order_by("pk")

    exact = CappedPaginator(rows, 5, cap=20).get_page(1)
    assert exact.paginator.count == 12 and not exact.paginator.is_capped
    assert exact.paginator.num_pages == 3

    capped = CappedPaginator(rows, 5, cap=2).get_page(1)
    assert capped.paginator.is_capped
    assert isinstance(capped.paginator.count, AtLeast) and str(capped.paginator.count) == "7+"
    assert str(capped.paginator.num_pages) == "2+"
    assert capped.has_next()

    last = CappedPaginator(rows, 5, cap=2).get_page(3)
    assert [o.pk for o in last.object_list] == [o.pk for o in rows[10:]]
    assert not last.has_next() and last.paginator.count == 12
    beyond = CappedPaginator(rows, 5, cap=2).get_page(9)
    assert beyond.number == 3


@pytest.mark.django_db
def test_organization_filter_offers_every_organization_once(as_coordinator, campaign):
    OrganizationFactory.create_batch(30, campaign=campaign)
    response = as_coordinator.get(
        reverse("coalition:contact_list", kwargs={"campaign_slug": campaign.slug})
    )
    html = response.content.decode()
    for organization in Organization.objects.for_campaign(campaign):
        option = f'<option value="{organization.pk}">{organization.name}</option>'
        assert html.count(option) == 1

    chosen = Organization.objects.for_campaign(campaign).order_by("pk").last()
    response = as_coordinator.get(
        reverse("coalition:contact_list", kwargs={"campaign_slug": campaign.slug}),
        {"organization": chosen.pk},
    )
    assert (
        f'<option value="{chosen.pk}" selected>{chosen.name}</option>' in response.content.decode()
    )
