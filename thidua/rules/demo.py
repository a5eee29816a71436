"""Demo agency regulation: the agency's own condition for its commemorative medal (sample decision)."""

import datetime

from django.contrib.auth import get_user_model

from .services import put_in_force


def build(root, this_year: int) -> None:
    officer = get_user_model().objects.get(username="thidua")
    put_in_force(actor=officer, agency=root.agency, key="service_years", value=10,
                 decision_number="15/QĐ-VPQH (dữ liệu mẫu)", decision_date=datetime.date(this_year - 2, 3, 1),
                 effective_from=datetime.date(this_year - 2, 3, 15), article="Điều 5")
