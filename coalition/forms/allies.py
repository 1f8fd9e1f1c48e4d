from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.forms.common import (
    NOT_ASSESSED,
    DateInput,
    MemberChoiceField,
    members_of,
    rows,
    tags_of,
)
from coalition.models import Campaign, Endorsement, Interaction, Organization, Principle


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "kind",
            "stance",
            "influence",
            "capacity",
            "base_size",
            "expertise",
            "brings",
            "asks",
            "website",
            "point_person",
            "tags",
            "notes",
        ]
        field_classes = {"point_person": MemberChoiceField}
        widgets = {
            "expertise": rows(2),
            "brings": rows(3),
            "asks": rows(3),
            "notes": rows(3),
            "tags": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.instance.campaign = campaign
        self.fields["point_person"].queryset = members_of(campaign)
        self.fields["point_person"].empty_label = _("Nobody yet")
        self.fields["tags"].queryset = tags_of(campaign)
        self.fields["stance"].choices = [NOT_ASSESSED, *Organization.Stance.choices]
        self.fields["influence"].choices = [("", _("Not known")), *Organization.Influence.choices]
        self.fields["capacity"].choices = [("", _("Not known")), *Organization.Capacity.choices]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        taken = (
            Organization.objects.for_campaign(self.campaign)
            .filter(name__iexact=name)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            raise forms.ValidationError(
                _("The campaign already has an organization with this name.")
            )
        return name


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["happened_on", "kind", "summary"]
        widgets = {"happened_on": DateInput, "summary": rows(3)}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Stance changes are written by the application when the stance is edited.
        self.fields["kind"].choices = [
            c for c in Interaction.Kind.choices if c[0] != Interaction.Kind.STANCE
        ]


class PrincipleForm(forms.ModelForm):
    class Meta:
        model = Principle
        fields = ["title", "text", "position", "adopted_on"]
        widgets = {"text": rows(6), "adopted_on": DateInput}

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.instance.campaign = campaign

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        taken = (
            Principle.objects.for_campaign(self.campaign)
            .filter(title=title)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            raise forms.ValidationError(_("The campaign already has a principle with this title."))
        return title


class EndorsementForm(forms.ModelForm):
    class Meta:
        model = Endorsement
        fields = ["organization", "endorsed_on", "note"]
        widgets = {"endorsed_on": DateInput}

    def __init__(self, *args: Any, campaign: Campaign, principle: Principle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.principle = principle
        self.instance.campaign = campaign
        self.instance.principle = principle
        self.fields["organization"].queryset = Organization.objects.for_campaign(campaign).only(
            "pk", "name"
        )

    def clean_organization(self) -> Organization:
        organization = self.cleaned_data["organization"]
        if self.principle.endorsements.filter(organization=organization).exists():
            raise forms.ValidationError(
                _("%(organization)s has already endorsed this principle.")
                % {"organization": organization}
            )
        return organization
