from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render

from thidua.accounts.scope import covered_units


def check(user, perm: str, obj=None) -> None:
    """Object-level permission check used by every view."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's validation error on the form, by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def paginate(request, queryset, per_page: int = 50):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def home(request):
    from thidua.organization.selectors import visible_people, visible_units

    context = {
        "unit_count": visible_units(request.user, include_dissolved=False).count(),
        "people_count": visible_people(request.user).count(),
        "has_roles": request.user.is_superuser or bool(covered_units(request.user)),
    }
    return render(request, "core/home.html", context)
