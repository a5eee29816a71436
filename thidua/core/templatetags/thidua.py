import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import formats, timezone
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
    """A date, or a moment in local time (Asia/Ho_Chi_Minh), in the user's language: 23/11/2026 08:30."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value or ""


@register.filter
def num(value, places=2):
    """A number in the user's format, rounded to `places` decimals without trailing zeros: 0,7 · 57,14 · 60."""
    if value in (None, ""):
        return ""
    try:
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(places)), ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return value
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return formats.number_format(Decimal(text), use_l10n=True, force_grouping=True)


@register.filter
def percent(value, places=1):
    """A share given as a fraction (0.5714) as a percentage in the user's format: 57,1 %."""
    if value in (None, ""):
        return ""
    sign = " %" if (get_language() or "vi").startswith("vi") else "%"
    return f"{num(Decimal(str(value)) * 100, places)}{sign}"


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
