"""Award names in templates; a template builtin (settings.TEMPLATES), so every template can write `code|award`."""

from django import template

from thidua.awards.models import award_name

register = template.Library()


@register.filter
def award(code):
    """An award code's name in the current language (Lao động tiên tiến / Advanced Worker)."""
    return award_name(code) if code else ""
