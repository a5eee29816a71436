"""Evaluate cases with one vectorised OpenFisca simulation per (subject type, year, date of consideration).

Used by `thidua rules evaluate`, `POST /api/rules/evaluate` and the database bridge. No database here.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from openfisca_core.simulation_builder import SimulationBuilder

from thidua.awards.catalogue import AWARDS, PREFIX, TEXTS, reference
from thidua.awards.codes import JUDGEMENTS, PERSON_AWARDS, RATINGS, SCOPES, UNIT_AWARDS, UNKNOWN
from thidua.rules.helpers import LOOKBACK_YEARS
from thidua.rules.publication import law_version
from thidua.rules.system import tax_benefit_system

PERSON_FIELDS = {"rating", "awards", "initiatives", "disciplined", "months_worked", "maternity_leave_months",
                 "injured_on_duty", "injury_treatment_months", "training_months", "judgements", "months_in_service",
                 "deferred", "service_years", "achievement_from"}
UNIT_FIELDS = {"rating", "awards", "members_total", "members_completed", "members_ldtt", "members_cstd_co_so",
               "members_disciplined", "block_rank", "central_block_rank", "judgements", "achievement_from"}
# Forms that reward several years: the variable holding how many years their record counts.
WINDOWS = {"BANG_KHEN_BO": "window_BANG_KHEN_BO", "BANG_KHEN_TTCP": "window_BANG_KHEN_TTCP",
           "BANG_KHEN_UBTVQH": "window_BANG_KHEN_TTCP", "HCLD_3": "window_HCLD_3", "HCLD_2": "window_HCLD_2",
           "HCLD_1": "window_HCLD_1", "TT_BANG_KHEN_BO": "window_TT_BANG_KHEN_BO",
           "TT_BANG_KHEN_TTCP": "window_TT_BANG_KHEN_TTCP"}
MISSING_TEXT = ("Chưa có dữ liệu xếp loại năm {year}", "no rating recorded for {year}")


class CaseError(ValueError):
    """A case cannot be evaluated; the message names the case and the field."""


@dataclass
class Population:
    """Columnar inputs for one simulation: `values[variable][year]` is an array over subjects."""

    kind: str  # "person" or "unit"
    year: int
    as_of: datetime.date
    count: int
    values: dict[str, dict[int, np.ndarray]] = field(default_factory=dict)

    def column(self, variable: str, year: int, dtype, default) -> np.ndarray:
        per_year = self.values.setdefault(variable, {})
        if year not in per_year:
            per_year[year] = np.full(self.count, default, dtype=dtype)
        return per_year[year]


def _prefix(kind: str) -> str:
    return "" if kind == "person" else "unit_"


def simulate(population: Population, awards: list[str], system=None, extra: tuple = ()) -> dict[str, np.ndarray]:
    """Run the simulation; return eligible_<code> and every explaining condition as arrays.

    `system` is the law in force unless a reformed system (thidua.rules.reforms) is given; `extra` names
    more condition variables to return (a draft's added conditions)."""
    system = system if system is not None else tax_benefit_system()
    simulation = SimulationBuilder().build_default_simulation(system, count=population.count)
    year = str(population.year)
    date_var = "consideration_date" if population.kind == "person" else "unit_consideration_date"
    simulation.set_input(date_var, year, np.full(population.count, np.datetime64(population.as_of), dtype="datetime64[D]"))
    for variable, per_year in population.values.items():
        for y, array in per_year.items():
            simulation.set_input(variable, str(y), array)
    out: dict[str, np.ndarray] = {}
    for code in awards:
        out[f"eligible_{code}"] = simulation.calculate(f"eligible_{code}", year)
        for spec in AWARDS[code].conditions:
            name = spec.variable if population.kind == "person" or not spec.variable.startswith("judgement_") \
                else "unit_" + spec.variable
            if spec.variable not in out:
                out[spec.variable] = simulation.calculate(name, year)
    for name in extra:
        if name not in out:
            out[name] = simulation.calculate(name, year)
    for code in awards:
        if code in WINDOWS:
            out[f"window_{code}"] = simulation.calculate(WINDOWS[code], year)
    return out


def achievement_from(population: Population, arrays: dict[str, np.ndarray], code: str) -> np.ndarray:
    """First year of the achievement period each subject's award of `code` rewards (the year itself when the
    form counts a single year): what a decision writes down, so that the next one counts after it."""
    window = arrays.get(f"window_{code}")
    if window is None:
        return np.full(population.count, population.year, dtype=np.int32)
    return (population.year - np.maximum(window, 1) + 1).astype(np.int32)


def law_in_force(as_of: datetime.date, system=None) -> dict:
    parameters = (system if system is not None else tax_benefit_system()).parameters(as_of.isoformat())
    return {"regime": str(int(parameters.regime)), "base_salary": float(parameters.base_salary),
            "rounding": float(parameters.bonus.rounding), "multiples": parameters.bonus.multiple}


def bonus_vnd(code: str, law: dict) -> int:
    amount = float(law["multiples"][code]) * law["base_salary"]
    step = law["rounding"]
    return int(math.ceil(round(amount / step, 6)) * step)


def _reason_table(code: str, regime: int) -> list[tuple[str, dict]]:
    """Per condition: its kind and the reason dict for met True / False / None (built once per regime).

    Reasons cite the instruments in force under the regime: Law 2003/2013 and Decree 91/2017 under the 2017
    regime, Law 06/2022 and its decrees from 2024."""
    system = tax_benefit_system()
    rows = []
    for spec in AWARDS[code].conditions:
        variable = system.variables.get(spec.variable) or system.variables.get("unit_" + spec.variable)
        vi, en = TEXTS[spec.variable]
        condition = spec.variable.removeprefix("judgement_") if spec.kind in ("judgement", "route") else spec.variable
        cited = reference(AWARDS[code], spec, variable.reference, regime)
        variants = {met: {"condition": condition, "met": met, "kind": spec.kind,
                          "text_vi": f"{PREFIX[met][0]}: {vi}", "text_en": f"{PREFIX[met][1]}: {en}",
                          "reference": cited} for met in (True, False, None)}
        rows.append((spec, variants))
    return rows


_REASONS: dict[tuple, list] = {}


def reasons_for(code: str, regime: int = 2024) -> list:
    if (code, regime) not in _REASONS:
        _REASONS[(code, regime)] = _reason_table(code, regime)
    return _REASONS[(code, regime)]


_MISSING: dict[tuple, dict] = {}


def missing_reason(variants: dict, year: int) -> dict:
    """The reason for a condition whose facts are absent: neither met nor failed (kind "missing")."""
    key = (id(variants), year)
    if key not in _MISSING:
        vi, en = (text.format(year=year) for text in MISSING_TEXT)
        _MISSING[key] = {**variants[None], "kind": "missing", "missing_year": year,
                         "text_vi": f"{vi} — {variants[False]['text_vi'].split(': ', 1)[1]}",
                         "text_en": f"{en[0].upper()}{en[1:]} — {variants[False]['text_en'].split(': ', 1)[1]}"}
    return _MISSING[key]


def missing_years(population: Population, index: np.ndarray, years: int) -> np.ndarray:
    """Per subject, the latest of the last `years` years (up to the case's) without a rating; 0 when none."""
    recorded = population.values.get(_prefix(population.kind) + "has_data", {})
    out = np.zeros(len(index), dtype=np.int32)
    for k in range(years):
        y = population.year - k
        column = recorded.get(y)
        absent = np.ones(len(index), bool) if column is None else ~column[index]
        out = np.where((out == 0) & absent, y, out)
    return out


def regime_of(day: datetime.date) -> int:
    return int(tax_benefit_system().parameters(day.isoformat()).regime)


def explain(population: Population, arrays: dict[str, np.ndarray], code: str, index: np.ndarray,
            regulations: tuple = ()) -> list[list[dict]]:
    """Reasons for subjects `index` on award `code`, assembled from the condition arrays.

    A condition that is not met while the ratings it reads are missing is reported as missing (met null).
    `regulations` are the agency decisions in force (thidua.rules.regulations.InForce): their conditions follow."""
    columns = []
    regime = regime_of(population.as_of)
    for spec, variants in reasons_for(code, regime):
        values = arrays[spec.variable][index]
        if spec.kind in ("judgement", "route"):
            options = np.array([variants[None], variants[False], variants[True]], dtype=object)
            column = options[values.astype(int) + 1]
        else:
            options = np.array([variants[False], variants[True]], dtype=object)
            column = options[values.astype(int)]
            if spec.facts:
                gaps = np.where(values.astype(bool), 0, missing_years(population, index, spec.facts))
                for year in np.unique(gaps[gaps > 0]):
                    column[gaps == year] = missing_reason(variants, int(year))
        columns.append(column)
    if regulations:
        from thidua.rules.regulations import extra_conditions, reason

        for condition, decision in extra_conditions(regulations, code, population.as_of):
            options = np.array([reason(condition, decision, False), reason(condition, decision, True)], dtype=object)
            columns.append(options[arrays[condition][index].astype(int)])
    return [list(row) for row in zip(*columns, strict=True)] if columns else [[] for _ in index]


def verdict(eligible: bool, reasons: list[dict]) -> tuple[bool | None, bool]:
    """(eligible, complete) for the JSON contract: "no" only when a checked condition fails; unknown (None)
    when nothing failed but facts were missing."""
    complete = not any(r["kind"] == "missing" for r in reasons)
    if eligible:
        return True, complete
    failed = any(r["met"] is False and r["kind"] != "route" for r in reasons)
    return (False if failed or complete else None), complete


# JSON path -----------------------------------------------------------------------------------------


def _year(value, case_id, field_name) -> int:
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.isdigit())):
        raise CaseError(f"case {case_id!r}: field {field_name!r} must be a year such as 2025, got {value!r}")
    year = int(value)
    if not 1900 <= year <= 2200:
        raise CaseError(f"case {case_id!r}: field {field_name!r} is not a plausible year: {value!r}")
    return year


def _number(value, case_id, field_name, integer=False):
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or (integer and value != int(value)):
        raise CaseError(f"case {case_id!r}: field {field_name!r} must be a non-negative number, got {value!r}")
    return value


def _bool(value, case_id, field_name) -> bool:
    if not isinstance(value, bool):
        raise CaseError(f"case {case_id!r}: field {field_name!r} must be true or false, got {value!r}")
    return value


def parse_case(case, position: int) -> dict:
    if not isinstance(case, dict):
        raise CaseError(f"case #{position + 1}: must be an object")
    case_id = case.get("id", f"#{position + 1}")
    award = case.get("award")
    if award not in AWARDS:
        raise CaseError(f"case {case_id!r}: field 'award' has unknown award code {award!r}")
    year = _year(case.get("year"), case_id, "year")
    as_of_text = case.get("as_of")
    try:
        as_of = datetime.date.fromisoformat(as_of_text) if as_of_text else datetime.date(year, 12, 31)
    except (TypeError, ValueError):
        raise CaseError(f"case {case_id!r}: field 'as_of' must be a date YYYY-MM-DD, got {as_of_text!r}") from None
    subject = case.get("subject")
    if not isinstance(subject, dict):
        raise CaseError(f"case {case_id!r}: field 'subject' is missing or not an object")
    kind = subject.get("type", "person")
    if kind not in ("person", "unit"):
        raise CaseError(f"case {case_id!r}: field 'subject.type' must be 'person' or 'unit', got {kind!r}")
    if AWARDS[award].subject != kind:
        raise CaseError(f"case {case_id!r}: award {award} is for a {AWARDS[award].subject}, not a {kind}")
    history = subject.get("history", {})
    if not isinstance(history, dict):
        raise CaseError(f"case {case_id!r}: field 'subject.history' must map years to facts")
    allowed = PERSON_FIELDS if kind == "person" else UNIT_FIELDS
    codes = PERSON_AWARDS if kind == "person" else UNIT_AWARDS
    parsed = {}
    for key, facts in history.items():
        y = _year(key, case_id, f"history.{key}")
        where = f"history.{key}"
        if not isinstance(facts, dict):
            raise CaseError(f"case {case_id!r}: field {where!r} must be an object")
        unknown = set(facts) - allowed
        if unknown:
            raise CaseError(f"case {case_id!r}: unknown field(s) {sorted(unknown)} in {where!r}")
        if facts.get("rating") is not None and facts["rating"] not in RATINGS:
            raise CaseError(f"case {case_id!r}: field '{where}.rating' has unknown rating {facts.get('rating')!r}"
                            " (use HTXSNV, HTTNV, HTNV or KHTNV; leave it out when no rating is recorded)")
        for code in facts.get("awards", []) or []:
            if code not in codes:
                raise CaseError(f"case {case_id!r}: field '{where}.awards' has unknown award code {code!r}")
        periods = facts.get("achievement_from") or {}
        if not isinstance(periods, dict):
            raise CaseError(f"case {case_id!r}: field '{where}.achievement_from' must map award codes to years")
        for code, start in periods.items():
            if code not in (facts.get("awards") or []):
                raise CaseError(f"case {case_id!r}: field '{where}.achievement_from' names {code!r}, which is not "
                                f"in that year's awards")
            if _year(start, case_id, f"{where}.achievement_from.{code}") > y:
                raise CaseError(f"case {case_id!r}: field '{where}.achievement_from.{code}' is after the award's year")
        for scope in facts.get("initiatives", []) or []:
            if scope not in SCOPES:
                raise CaseError(f"case {case_id!r}: field '{where}.initiatives' has unknown scope {scope!r}")
        judgements = facts.get("judgements", {}) or {}
        if not isinstance(judgements, dict) or set(judgements) - set(JUDGEMENTS):
            raise CaseError(f"case {case_id!r}: field '{where}.judgements' accepts only {JUDGEMENTS}")
        for name, value in judgements.items():
            _bool(value, case_id, f"{where}.judgements.{name}")
        for name in ("disciplined", "injured_on_duty", "deferred"):
            if name in facts:
                _bool(facts[name], case_id, f"{where}.{name}")
        for name in ("months_worked", "maternity_leave_months", "injury_treatment_months", "training_months",
                     "months_in_service", "service_years"):
            if name in facts:
                _number(facts[name], case_id, f"{where}.{name}")
        for name in ("members_total", "members_completed", "members_ldtt", "members_cstd_co_so",
                     "members_disciplined", "block_rank", "central_block_rank"):
            if name in facts and facts[name] is not None:
                _number(facts[name], case_id, f"{where}.{name}", integer=True)
        parsed[y] = facts
    return {"id": case_id, "award": award, "year": year, "as_of": as_of, "kind": kind, "history": parsed}


def fill(population: Population, row: int, year: int, facts: dict) -> None:
    """Write one subject's facts for one year into the population's columns."""
    p = _prefix(population.kind)
    if facts.get("rating") is not None:
        population.column(p + "has_data", year, bool, False)[row] = True
        population.column(p + "rating", year, np.int32, 0)[row] = RATINGS[facts["rating"]]
    for code in facts.get("awards") or ():
        population.column(f"awarded_{code}", year, bool, False)[row] = True
    for code, start in (facts.get("achievement_from") or {}).items():
        mark_used(population, row, code, int(start), year)
    for name, value in (facts.get("judgements") or {}).items():
        population.column(f"{p}judgement_{name}", year, np.int32, UNKNOWN)[row] = int(value)
    if population.kind == "person":
        scopes = [SCOPES[s] for s in facts.get("initiatives") or ()]
        if scopes:
            population.column("initiative_scope", year, np.int32, 0)[row] = max(scopes)
            population.column("initiative_count", year, np.int32, 0)[row] = len(scopes)
        for name in ("disciplined", "injured_on_duty", "deferred"):
            if facts.get(name):
                population.column(name, year, bool, False)[row] = True
        for name, default in (("months_worked", 12.0), ("maternity_leave_months", 0.0),
                              ("injury_treatment_months", 0.0), ("training_months", 0.0),
                              ("months_in_service", 12.0), ("service_years", 0.0)):
            if name in facts and facts[name] != default:
                population.column(name, year, np.float32, default)[row] = facts[name]
    else:
        for name in ("members_total", "members_completed", "members_ldtt", "members_cstd_co_so",
                     "members_disciplined", "block_rank", "central_block_rank"):
            if facts.get(name) is not None:
                population.column(name, year, np.int32, 0)[row] = facts[name]


def mark_used(population: Population, row, code: str, start: int, end: int) -> None:
    """The years start … end were rewarded by an award of `code` (its achievement period)."""
    for y in range(max(start, population.year - LOOKBACK_YEARS), end + 1):
        population.column(f"used_{code}", y, bool, False)[row] = True


def evaluate(payload) -> dict:
    """The fixed contract of `thidua rules evaluate`: {"cases": [...]} → {"results": [...]}."""
    if not isinstance(payload, dict) or not isinstance(payload.get("cases"), list):
        raise CaseError('the input must be an object with a list "cases"')
    cases = [parse_case(c, i) for i, c in enumerate(payload["cases"])]
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        groups[(case["kind"], case["year"], case["as_of"])].append(i)
    results: list[dict | None] = [None] * len(cases)
    version = law_version()
    for (kind, year, as_of), members in groups.items():
        population = Population(kind=kind, year=year, as_of=as_of, count=len(members))
        for row, i in enumerate(members):
            for y, facts in cases[i]["history"].items():
                fill(population, row, y, facts)
        awards = sorted({cases[i]["award"] for i in members})
        arrays = simulate(population, awards)
        law = law_in_force(as_of)
        member_index = np.array(members)
        award_of = np.array([cases[i]["award"] for i in members])
        for code in awards:
            rows = np.nonzero(award_of == code)[0]
            eligible = arrays[f"eligible_{code}"][rows]
            reasons = explain(population, arrays, code, rows)
            bonus = bonus_vnd(code, law)
            for k, row in enumerate(rows):
                case = cases[member_index[row]]
                ok, complete = verdict(bool(eligible[k]), reasons[k])
                results[member_index[row]] = {
                    "id": case["id"], "award": code, "year": year, "eligible": ok, "regime": law["regime"],
                    "bonus_vnd": bonus if ok else None, "reasons": reasons[k], "complete": complete,
                    "version": version,
                }
    return {"results": results}


def catalogue() -> list[dict]:
    """Award codes with names, conditions and references (for `GET /api/rules/awards`)."""
    out = []
    for code, award in AWARDS.items():
        out.append({
            "code": code, "name_vi": award.name_vi, "name_en": award.name_en, "kind": award.kind,
            "subject": award.subject,
            "conditions": [{k: v[True][k] for k in ("condition", "kind", "reference")}
                           | {"text_vi": TEXTS[s.variable][0], "text_en": TEXTS[s.variable][1]}
                           for s, v in reasons_for(code)],
        })
    return out


def vote_rules(day: datetime.date, award_code: str = "") -> dict:
    """The council's quorum and the approving share of all members needed for `award_code`, on `day`."""
    votes = tax_benefit_system().parameters(day.isoformat()).votes
    thresholds = votes.threshold
    threshold = thresholds[award_code] if award_code in thresholds._children else thresholds.DEFAULT
    return {"quorum": float(votes.quorum), "threshold": float(threshold)}
