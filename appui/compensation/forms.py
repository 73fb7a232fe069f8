"""The compensation pages' forms: every date and amount in the case files' ranges."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from appui.cases.ranges import RangedForm
from appui.claims.heads import grouped, heads_for

from .models import EVENTS, WITH_AMOUNT, EventType, ItemStatus, OffenceClass, Payer


class OwnIds:
    """The compensation page holds several forms with fields of the same name (amount):
    each form prefixes its ids, so that every label names its own field."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class OpenForm(forms.Form):
    route = forms.ChoiceField(label=_("Route"))

    def __init__(self, *args, routes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [(r.value, r.label) for r in routes]


class HeadForm(OwnIds, RangedForm, forms.Form):
    id_prefix = "head"

    head = forms.ChoiceField(label=_("Head of damage"))
    description = forms.CharField(
        label=_("What it is (optional)"),
        required=False,
        max_length=500,
        widget=forms.TextInput,
    )
    amount = forms.DecimalField(label=_("Amount claimed (€)"), max_digits=12, decimal_places=2)
    basis = forms.CharField(
        label=_("How the amount was reached"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Supporting documents"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, route: str, indirect: bool, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].choices = [
            (str(group.label), [(h.value, h.label) for h in heads])
            for group, heads in grouped(heads_for(route, indirect=indirect))
        ]
        self.fields["documents"].queryset = documents
        self.fields["documents"].label_from_instance = lambda d: d.title


class ReceivedForm(OwnIds, RangedForm, forms.Form):
    id_prefix = "received"

    payer = forms.ChoiceField(label=_("Paid by"), choices=Payer.choices)
    name = forms.CharField(label=_("Name of the payer (optional)"), required=False, max_length=200)
    amount = forms.DecimalField(label=_("Amount (€)"), max_digits=12, decimal_places=2)


class LegalCostsForm(OwnIds, RangedForm, forms.Form):
    id_prefix = "costs"

    legal_costs = forms.DecimalField(
        label=_("Legal costs claimed (lawyer's fees, €)"),
        max_digits=12,
        decimal_places=2,
        required=False,
    )


class EventForm(OwnIds, RangedForm, forms.Form):
    id_prefix = "step"

    planned_fields = frozenset({"hearing"})

    type = forms.ChoiceField(label=_("What happened in the procedure"))
    date = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(
        label=_("Amount (€), for an offer, a decision or a payment"),
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    hearing = forms.DateField(
        label=_("Date of the hearing, when a hearing is set"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    offence_class = forms.ChoiceField(
        label=_("The facts are, for a complaint"),
        choices=[("", "—"), *OffenceClass.choices],
        required=False,
    )
    press = forms.BooleanField(label=_("A press offence (law of 29 July 1881)"), required=False)
    missing_reason = forms.CharField(
        label=_("If a required document is missing: why the request goes without it"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, procedure: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(e.value, e.label) for e in EVENTS[procedure]]
        if not any(e in WITH_AMOUNT for e in EVENTS[procedure]):
            del self.fields["amount"]
        if EventType.HEARING_SET not in EVENTS[procedure]:
            del self.fields["hearing"]
        if EventType.COMPLAINT_SENT not in EVENTS[procedure]:
            del self.fields["offence_class"], self.fields["press"]


class BankForm(OwnIds, forms.Form):
    id_prefix = "bank"

    account_holder = forms.CharField(label=_("Account holder"), required=False, max_length=200)
    iban = forms.CharField(label=_("IBAN"), required=False, max_length=50)
    bic = forms.CharField(label=_("BIC"), required=False, max_length=20)


class AddresseeForm(OwnIds, forms.Form):
    id_prefix = "recipient"

    addressee_name = forms.CharField(label=_("Addressed to"), required=False, max_length=200)
    addressee_address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ChecklistForm(OwnIds, forms.Form):
    id_prefix = "documents"

    """One status and one document per item of the route's list."""

    def __init__(self, *args, items, entries, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        by_key = {e.key: e for e in entries}
        for item in items:
            entry = by_key.get(item.key)
            self.fields[f"status_{item.key}"] = forms.ChoiceField(
                label=item.label,
                choices=ItemStatus.choices,
                initial=entry.status if entry else ItemStatus.REQUESTED,
            )
            field = forms.ModelChoiceField(
                label=_("Document"),
                queryset=documents,
                required=False,
                initial=entry.document_id if entry else None,
                empty_label="—",
            )
            field.label_from_instance = lambda d: d.title
            self.fields[f"document_{item.key}"] = field

    def rows(self):
        for item in self.items:
            yield item, self[f"status_{item.key}"], self[f"document_{item.key}"]

    def entries(self) -> dict[str, dict]:
        return {
            item.key: {
                "status": self.cleaned_data[f"status_{item.key}"],
                "document": self.cleaned_data[f"document_{item.key}"],
            }
            for item in self.items
        }
