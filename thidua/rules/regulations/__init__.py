"""Agency regulations: criteria a ministry, sector or province adds to the national rules (Law 06/2022 Art. 71(2),
75(2); LĐTT absence limits; commemorative medals), as OpenFisca reforms over the law in force.

Each regulation here is a *kind* of rule with one value (months, years…). An agency switches it on with its own
decision (number, date of effect, value): `reformed_system` then adds the regulation's condition to the awards it
governs from that date, for that agency's people only. The national system is never changed.
No database here; the agencies' switches are `thidua.rules.models.AgencyRegulation`.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DateUnit
from openfisca_core.reforms import Reform
from openfisca_core.variables import Variable

from thidua.awards.codes import HTXSNV
from thidua.rules.entities import Person
from thidua.rules.system import tax_benefit_system


@dataclass(frozen=True)
class Regulation:
    key: str
    title_vi: str
    title_en: str
    awards: tuple[str, ...]  # awards that gain the condition; empty for rules applied in rounds (quotas)
    text_vi: str  # the condition in plain words; {value} is the agency's value
    text_en: str
    value_label_vi: str
    value_label_en: str
    default: float
    minimum: float
    maximum: float
    basis: str  # the national provision that lets the agency set this rule


def _value(person, period, parameters, key: str):
    dates = person("consideration_date", period)
    out = np.zeros(len(dates))
    for day in np.unique(dates):
        out[dates == day] = parameters(str(day)).regulations[key].value
    return out


def _active(person, period, parameters, key: str):
    dates = person("consideration_date", period)
    out = np.zeros(len(dates), dtype=bool)
    for day in np.unique(dates):
        out[dates == day] = parameters(str(day)).regulations[key].active > 0
    return out


class c_reg_months_worked(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Agency regulation: at least the agency's minimum months of actual work (leave and training counted)"
    reference = "Quy chế thi đua, khen thưởng của cơ quan"

    def formula(person, period, parameters):
        return person("effective_months", period) >= _value(person, period, parameters, "months_worked")


class c_reg_service_years(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Agency regulation: at least the agency's minimum years of service for its commemorative medal"
    reference = "Quy định xét tặng Kỷ niệm chương của cơ quan"

    def formula(person, period, parameters):
        return person("service_years", period) >= _value(person, period, parameters, "service_years")


class c_reg_giay_khen_excellent(Variable):
    value_type = bool
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Agency regulation: Giấy khen only for people rated HTXSNV"
    reference = "Quy chế thi đua, khen thưởng của cơ quan"

    def formula(person, period):
        return person("rating", period) == HTXSNV


CONDITIONS = {"months_worked": c_reg_months_worked, "service_years": c_reg_service_years,
              "giay_khen_excellent": c_reg_giay_khen_excellent}

REGULATIONS: dict[str, Regulation] = {r.key: r for r in [
    Regulation("months_worked", "Thời gian làm việc thực tế tối thiểu để xét Lao động tiên tiến",
               "Minimum months of actual work for Lao động tiên tiến", ("LDTT",),
               "Có ít nhất {value} tháng làm việc thực tế trong năm (tính cả nghỉ thai sản, điều trị do bị thương khi "
               "thi hành công vụ, đi học, bồi dưỡng)",
               "At least {value} months of actual work in the year (maternity leave, treatment after injury on duty "
               "and training counted)", "Số tháng tối thiểu", "Minimum months", 10, 1, 12,
               "Thông tư 01/2024/TT-BNV (cơ quan có thể quy định thêm)"),
    Regulation("service_years", "Thời gian công tác tối thiểu để xét Kỷ niệm chương",
               "Minimum years of service for the commemorative medal", ("KY_NIEM_CHUONG", "KNC_QUOC_HOI"),
               "Có ít nhất {value} năm công tác trong ngành, cơ quan", "At least {value} years of service in the "
               "sector or body", "Số năm tối thiểu", "Minimum years", 10, 1, 40,
               "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 71(2); Nghị quyết 43/2024/UBTVQH15"),
    Regulation("giay_khen_excellent", "Giấy khen chỉ xét cho cá nhân hoàn thành xuất sắc nhiệm vụ",
               "Giấy khen only for people rated HTXSNV", ("GIAY_KHEN",),
               "Xếp loại hoàn thành xuất sắc nhiệm vụ trong năm", "Rated HTXSNV in the year", "", "", 0, 0, 0,
               "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 75(2)"),
    Regulation("cstd_co_so_quota", "Tỷ lệ Chiến sĩ thi đua cơ sở trên số Lao động tiên tiến",
               "Share of CSTĐ cơ sở among Lao động tiên tiến", (),
               "Số Chiến sĩ thi đua cơ sở không quá {value}% số Lao động tiên tiến của đơn vị",
               "CSTĐ cơ sở at most {value}% of the unit's Lao động tiên tiến", "Tỷ lệ tối đa (%)", "Highest share (%)",
               15, 1, 100, "Luật Thi đua, khen thưởng 06/2022/QH15 (không quy định tỷ lệ toàn quốc từ 2024)"),
]}


@dataclass(frozen=True)
class InForce:
    """One agency's decision putting a regulation into force."""

    key: str
    start: datetime.date
    value: float
    citation: str  # the agency's decision: number, date, article
    end: datetime.date | None = None  # repealed after this day


def condition_of(key: str) -> str | None:
    return CONDITIONS[key].__name__ if key in CONDITIONS else None


def _reform(decisions: tuple[InForce, ...]) -> type[Reform]:
    def modify(parameters):
        node = ParameterNode("regulations", data={})
        for key in REGULATIONS:
            chosen = [d for d in decisions if d.key == key]
            values = {"1900-01-01": {"value": REGULATIONS[key].default}}
            active = {"1900-01-01": {"value": 0}}
            for decision in sorted(chosen, key=lambda d: d.start):
                values[decision.start.isoformat()] = {"value": decision.value}
                active[decision.start.isoformat()] = {"value": 1}
                if decision.end is not None:
                    active[(decision.end + datetime.timedelta(days=1)).isoformat()] = {"value": 0}
            node.add_child(key, ParameterNode(key, data={"value": {"values": values}, "active": {"values": active}}))
        parameters.add_child("regulations", node)
        return parameters

    def apply(self):
        self.modify_parameters(modifier_function=modify)
        for key in {d.key for d in decisions}:
            if key in CONDITIONS:
                self.add_variable(CONDITIONS[key])
        for award in sorted({a for d in decisions for a in REGULATIONS[d.key].awards}):
            keys = sorted({d.key for d in decisions if award in REGULATIONS[d.key].awards})
            self.update_variable(_gated(self.variables[f"eligible_{award}"], keys))

    return type("AgencyRegulations", (Reform,), {"apply": apply})


def _gated(base: Variable, keys: list[str]) -> type[Variable]:
    original = base.get_formula()
    needs_parameters = original.__code__.co_argcount == 3

    def formula(person, period, parameters):
        eligible = original(person, period, parameters) if needs_parameters else original(person, period)
        for key in keys:
            applies = _active(person, period, parameters, key)
            eligible = eligible & (~applies | person(condition_of(key), period))
        return eligible

    return type(base.name, (Variable,), {
        "value_type": bool, "entity": base.entity, "definition_period": base.definition_period,
        "label": base.label, "reference": base.reference, "formula": formula})


@lru_cache(maxsize=64)
def reformed_system(decisions: tuple[InForce, ...]):
    """The national system with these agency decisions applied (built once per set of decisions)."""
    if not decisions:
        return tax_benefit_system()
    return _reform(decisions)(tax_benefit_system())


def reason(condition: str, decision: InForce, met: bool) -> dict:
    """A reason for a condition an agency regulation adds, citing the agency's decision."""
    regulation = REGULATIONS[decision.key]
    value = f"{decision.value:g}"
    prefix = ("Đạt", "Met") if met else ("Chưa đạt", "Not met")
    return {"condition": condition, "met": met, "kind": "check", "regulation": decision.key,
            "text_vi": f"{prefix[0]}: {regulation.text_vi.format(value=value)}",
            "text_en": f"{prefix[1]}: {regulation.text_en.format(value=value)}", "reference": decision.citation}


def extra_conditions(decisions: tuple[InForce, ...], award: str, day: datetime.date) -> list[tuple[str, InForce]]:
    """(condition variable, decision) added to `award` by the decisions in force on `day`."""
    out = []
    for decision in decisions:
        condition = condition_of(decision.key)
        if condition and award in REGULATIONS[decision.key].awards and decision.start <= day \
                and (decision.end is None or day <= decision.end):
            later = [d for d in decisions if d.key == decision.key and decision.start < d.start <= day]
            if not later:
                out.append((condition, decision))
    return out


def _default(key: str) -> tuple[InForce, ...]:
    return (InForce(key, datetime.date(1900, 1, 1), REGULATIONS[key].default, "YAML"),)


# Reforms with each regulation's default value from the start, for `openfisca test` (YAML cases name them).
class MonthsWorked(_reform(_default("months_worked"))):
    pass


class ServiceYears(_reform(_default("service_years"))):
    pass


class GiayKhenExcellent(_reform(_default("giay_khen_excellent"))):
    pass
