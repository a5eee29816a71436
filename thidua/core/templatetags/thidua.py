import datetime
from decimal import Decimal

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def bs(field):
    """Render a form field's widget with Bootstrap classes and accessible error wiring."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "")
    css = "form-check-input" if input_type in ("checkbox", "radio") else (
        "form-select" if input_type == "select" or widget.__class__.__name__.endswith("Select") else "form-control")
    attrs = {"class": css + (" is-invalid" if field.errors else "")}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    if widget.__class__.__name__ == "CheckboxSelectMultiple":
        return field
    return field.as_widget(attrs=attrs)


@register.filter
def vndate(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value or ""


@register.filter
def money(value):
    """2.340.000 đ in Vietnamese, 2,340,000 VND in English."""
    if value in (None, ""):
        return ""
    amount = f"{int(Decimal(value)):,}"
    if (get_language() or "vi").startswith("vi"):
        return amount.replace(",", ".") + " đ"
    return amount + " VND"


@register.filter
def indent(depth):
    return range(int(depth or 0))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def award(code):
    """An award code's name in the current language (Lao động tiên tiến / Advanced Worker)."""
    from thidua.awards.models import award_name

    return award_name(code) if code else ""
