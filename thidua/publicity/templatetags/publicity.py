from django import template
from django.utils.safestring import mark_safe

from thidua.publicity import richtext

register = template.Library()


@register.filter
def story(text):
    """A story's HTML, sanitised again on the way out (the stored copy was sanitised on the way in)."""
    return mark_safe(richtext.clean(text))  # noqa: S308 — nh3 leaves only harmless tags and link targets
