"""Forms of the indicators pages: opening a campaign and reopening an approved value (input parsing only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dxmonitor.core.text import nfc
from dxmonitor.core.time import today_vn
from dxmonitor.indicators import periods, selectors
from dxmonitor.orgs.selectors import units_valid_on


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    period = forms.CharField(label=_("Period"), max_length=10, help_text=_("2025, 2025-Q3 or 2025-07"))
    deadline = forms.DateField(label=_("Deadline"), input_formats=["%d/%m/%Y", "%Y-%m-%d"],
                               widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    unit_kinds = forms.MultipleChoiceField(
        label=_("Units"), choices=[("province", _("Provinces")), ("ministry", _("Ministries and agencies"))],
        widget=forms.CheckboxSelectMultiple, initial=["province"])
    indicators = forms.MultipleChoiceField(label=_("Indicators"), widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicators"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(i.code, f"{i.name_vi} ({i.code})") for i in selectors.catalogue()]

    def clean_period(self) -> str:
        try:
            return periods.normalise(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_name(self) -> str:
        return nfc(self.cleaned_data["name"]).strip()

    def campaign_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        # Units valid at the end of the period report it (63 provinces for 2024, the 34 from mid-2025 on).
        _start, end = periods.bounds(data["period"])
        day = min(end, today_vn())
        units = [u for kind in data["unit_kinds"] for u in units_valid_on(day, kind)]
        return {"name": data["name"], "period": data["period"], "deadline": data["deadline"],
                "indicator_codes": data["indicators"], "units": units, "description": data.get("description", "")}


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
