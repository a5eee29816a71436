from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thidua.awards.codes import AWARDS
from thidua.core.exports import export_response, user_agency
from thidua.core.views import apply_errors, paginate, query_string_without_page

from . import services
from .forms import RevocationForm
from .models import award_name
from .selectors import visible_records


@login_required
def record_list(request):
    query, award = request.GET.get("q", "").strip(), request.GET.get("award") or None
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    records = visible_records(request.user, query=query, award=award, year=year)
    if request.GET.get("export") == "xlsx":
        return export_response("xlsx", "so-khen-thuong", ["Mã cán bộ", "Họ và tên / Tập thể", "Đơn vị", "Danh hiệu, hình thức",
                                                         "Năm", "Số quyết định", "Ngày quyết định", "Cơ quan",
                                                         "Tiền thưởng (đồng)"],
                               ([r.person.code if r.person_id else r.unit.code, r.subject_name, r.unit_name_then,
                                 r.award_name, r.year, r.decision_number, r.decision_date, r.authority, r.bonus_vnd]
                                for r in records.iterator(chunk_size=2000)),
                               title="Sổ theo dõi khen thưởng", agency=user_agency(request.user))
    return render(request, "awards/record_list.html", {
        "page": paginate(request, records, 50), "q": query, "award": award, "year": year or "",
        "awards": [(c, award_name(c)) for c in AWARDS], "qs": query_string_without_page(request)})


@login_required
def revoke(request, pk):
    award = get_object_or_404(visible_records(request.user).select_related("revocation"), pk=pk)
    subject = award.person if award.person_id else award.unit
    if not request.user.has_perm("organization.change_person" if award.person_id else "organization.change_unit",
                                 subject):
        raise PermissionDenied
    form = RevocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke(actor=request.user, award=award, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The award is revoked; the later awards listed are to be re-examined."))
            return redirect(award.person.get_absolute_url() if award.person_id else "awards:record_list")
    return render(request, "awards/revoke.html", {"award": award, "form": form,
                                                  "later": services.later_awards(award)})
