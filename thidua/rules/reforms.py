"""Draft changes to the law, written as data and run as OpenFisca reforms.

A reform document (YAML or JSON) lists changes; each is one of

    - set: conditions.bang_khen_bo_years      # a parameter, from a date
      from: 2026-01-01
      value: 3
    - switch: c_months_worked                 # a condition taken as met (or not met) from a date
      from: 2026-01-01
      to: met
    - require: c_not_disciplined              # one more condition for an award
      award: CSTD_CO_SO
      from: 2026-01-01
      reference: "Quyết định 12/QĐ-VPQH, Điều 4"
    - regulation: cstd_co_so_quota            # an agency regulation of thidua.rules.regulations, with its value
      from: 2026-01-01
      value: 15
      reference: "Quyết định 12/QĐ-VPQH, Điều 5"

`parse` checks a document and says exactly what is wrong (in the user's language); `build` turns a checked
document into a reformed tax-benefit system over the law in force for an agency (the national rules and the
agency's regulations in force), which it never touches. Each reformed system carries a `version`: the law's
version and the document's canonical form, hashed.
"""

import datetime
import hashlib
import inspect
import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import yaml
from django.utils.translation import gettext as _
from openfisca_core.parameters import Parameter
from openfisca_core.reforms import Reform
from openfisca_core.variables import Variable

from thidua.awards.catalogue import AWARDS, PREFIX, TEXTS
from thidua.awards.codes import PERSON_AWARDS
from thidua.rules.publication import law_version
from thidua.rules.regulations import REGULATIONS, InForce, reformed_system
from thidua.rules.system import tax_benefit_system

MAX_DOCUMENT_CHARS = 20_000
MAX_CHANGES = 50
KINDS = {"set": {"set", "from", "value", "note"},
         "switch": {"switch", "from", "to", "note"},
         "require": {"require", "award", "from", "reference", "note"},
         "regulation": {"regulation", "from", "value", "reference", "note"}}
FIXED_PARAMETERS = {"regime"}  # the legal regime follows the instruments, not a draft


class ReformError(ValueError):
    """A reform document cannot be used; `messages` lists every problem found."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class ReformSpec:
    """A checked reform document: its changes in canonical form (dates as ISO strings)."""

    changes: tuple[dict, ...]

    @property
    def canonical(self) -> str:
        return json.dumps(list(self.changes), sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @property
    def version(self) -> str:
        return hashlib.sha256(f"{law_version()}|{self.canonical}".encode()).hexdigest()[:12]

    @property
    def extra_conditions(self) -> dict[str, list[str]]:
        """Conditions added to awards (award → conditions), to be explained with the award."""
        out: dict[str, list[str]] = {}
        for change in self.changes:
            if "require" in change:
                out.setdefault(change["award"], []).append(change["require"])
        return out

    @property
    def parameter_changes(self) -> list[dict]:
        return [c for c in self.changes if "set" in c]

    @property
    def regulations(self) -> tuple[InForce, ...]:
        """The agency regulations the draft puts into force."""
        return tuple(InForce(c["regulation"], datetime.date.fromisoformat(c["from"]), c["value"], c["reference"])
                     for c in self.changes if "regulation" in c)


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text, so a wrong date gets our own clear message."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load_text(text: str):
    """A document's text (YAML, which includes JSON) as data; a clear error when it is not readable."""
    if not isinstance(text, str) or not text.strip():
        raise ReformError([_("The reform document is empty.")])
    if len(text) > MAX_DOCUMENT_CHARS:
        raise ReformError([_("The reform document is too long (at most %(n)s characters).") % {"n": MAX_DOCUMENT_CHARS}])
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 — a SafeLoader subclass
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = " (" + _("line %(n)s") % {"n": where.line + 1} + ")" if where is not None else ""
        raise ReformError([_("The reform document is not valid YAML or JSON%(where)s.") % {"where": line}]) from None


def _date(value, where: str, errors: list[str]) -> str | None:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, datetime.date) or not 2000 <= value.year <= 2200:
        errors.append(_("%(where)s: “from” must be a date such as 2026-01-01.") % {"where": where})
        return None
    return value.isoformat()


def _parameter(path, where: str, errors: list[str]) -> Parameter | None:
    if not isinstance(path, str) or not path:
        errors.append(_("%(where)s: name the parameter to change.") % {"where": where})
        return None
    node = tax_benefit_system().parameters
    for part in path.split("."):
        children = getattr(node, "children", None)
        if children is None or part not in children:
            errors.append(_("%(where)s: there is no parameter “%(path)s”.") % {"where": where, "path": path})
            return None
        node = children[part]
    if not isinstance(node, Parameter):
        errors.append(_("%(where)s: “%(path)s” is a group of parameters; name one of: %(names)s.")
                      % {"where": where, "path": path, "names": ", ".join(sorted(node.children))})
        return None
    if path in FIXED_PARAMETERS:
        errors.append(_("%(where)s: the legal regime cannot be changed by a draft.") % {"where": where})
        return None
    return node


def _value(parameter: Parameter, path: str, value, where: str, errors: list[str]):
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value) or value < 0:
        errors.append(_("%(where)s: “value” must be a number, zero or more.") % {"where": where})
        return None
    name = path.rsplit(".", 1)[-1]
    description = parameter.description or ""
    if description.startswith("1 when") and value not in (0, 1):
        errors.append(_("%(where)s: “%(path)s” is a switch: its value is 1 (yes) or 0 (no).")
                      % {"where": where, "path": path})
        return None
    if "share" in name or path.startswith("votes."):
        if value > 1:
            errors.append(_("%(where)s: “%(path)s” is a share: give a value from 0 to 1 (0.2 means 20%%).")
                          % {"where": where, "path": path})
            return None
    elif path.startswith("conditions.") and value != int(value):
        errors.append(_("%(where)s: “%(path)s” counts years, times or months: give a whole number.")
                      % {"where": where, "path": path})
        return None
    return value


def _condition(name, where: str, errors: list[str]) -> Variable | None:
    variable = tax_benefit_system().variables.get(name) if isinstance(name, str) else None
    if variable is None or not name.startswith(("c_", "a_")) or variable.value_type is not bool:
        errors.append(_("%(where)s: there is no condition “%(name)s” (conditions are named c_…, as in the "
                        "published rules).") % {"where": where, "name": name})
        return None
    return variable


def parse(document) -> ReformSpec:
    """Check a reform document (text, or already-loaded data); raise ReformError listing every problem."""
    data = load_text(document) if isinstance(document, str) else document
    if not isinstance(data, dict) or not isinstance(data.get("changes"), list) or not data["changes"]:
        raise ReformError([_("The reform document must have a non-empty list “changes”.")])
    if len(data["changes"]) > MAX_CHANGES:
        raise ReformError([_("A reform has at most %(n)s changes.") % {"n": MAX_CHANGES}])
    errors: list[str] = []
    changes: list[dict] = []
    seen: set[tuple] = set()
    for number, change in enumerate(data["changes"], 1):
        where = _("Change %(n)s") % {"n": number}
        kinds = [k for k in KINDS if isinstance(change, dict) and k in change]
        if len(kinds) != 1:
            errors.append(_("%(where)s: write exactly one of “set”, “switch”, “require” or “regulation”.")
                          % {"where": where})
            continue
        kind = kinds[0]
        unknown = sorted(set(change) - KINDS[kind])
        if unknown:
            errors.append(_("%(where)s: unknown field(s) %(fields)s.") % {"where": where, "fields": ", ".join(unknown)})
            continue
        start = _date(change.get("from"), where, errors)
        out = {kind: change[kind], "from": start}
        if kind == "set":
            parameter = _parameter(change["set"], where, errors)
            value = _value(parameter, change["set"], change.get("value"), where, errors) if parameter else None
            if value is None:
                continue
            out["value"] = value
            key = ("set", change["set"], start)
        elif kind == "switch":
            if _condition(change["switch"], where, errors) is None:
                continue
            if change.get("to") not in ("met", "not_met"):
                errors.append(_("%(where)s: “to” must be “met” (the condition no longer applies) or “not_met”.")
                              % {"where": where})
                continue
            out["to"] = change["to"]
            key = ("switch", change["switch"])
        elif kind == "require":
            variable = _condition(change["require"], where, errors)
            award = change.get("award")
            if award not in AWARDS:
                errors.append(_("%(where)s: “award” must be an award code such as CSTD_CO_SO.") % {"where": where})
                continue
            if variable is None:
                continue
            subject = "person" if award in PERSON_AWARDS else "unit"
            if variable.entity.key != subject:
                errors.append(_("%(where)s: “%(name)s” is about a %(entity)s, but %(award)s is given to a %(subject)s.")
                              % {"where": where, "name": change["require"], "entity": variable.entity.key,
                                 "award": award, "subject": subject})
                continue
            if any(s.variable == change["require"] for s in AWARDS[award].conditions):
                errors.append(_("%(where)s: %(award)s already requires “%(name)s”.")
                              % {"where": where, "award": award, "name": change["require"]})
                continue
            reference = change.get("reference")
            if not isinstance(reference, str) or not reference.strip() or len(reference) > 255:
                errors.append(_("%(where)s: an agency regulation needs its “reference” (decision number and "
                                "article), up to 255 characters.") % {"where": where})
                continue
            out["award"], out["reference"] = award, reference.strip()
            key = ("require", award, change["require"])
        elif kind == "regulation":
            regulation = REGULATIONS.get(change["regulation"]) if isinstance(change["regulation"], str) else None
            if regulation is None:
                errors.append(_("%(where)s: there is no agency regulation “%(name)s”; use one of: %(names)s.")
                              % {"where": where, "name": change["regulation"], "names": ", ".join(REGULATIONS)})
                continue
            value = change.get("value", regulation.default)
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not regulation.minimum <= value <= regulation.maximum:
                errors.append(_("%(where)s: “value” must be a number from %(low)s to %(high)s.")
                              % {"where": where, "low": f"{regulation.minimum:g}", "high": f"{regulation.maximum:g}"})
                continue
            reference = change.get("reference")
            if not isinstance(reference, str) or not reference.strip() or len(reference) > 255:
                errors.append(_("%(where)s: an agency regulation needs its “reference” (decision number and "
                                "article), up to 255 characters.") % {"where": where})
                continue
            out["value"], out["reference"] = value, reference.strip()
            key = ("regulation", change["regulation"], start)
        if start is None:
            continue
        if key in seen:
            errors.append(_("%(where)s: repeats an earlier change.") % {"where": where})
            continue
        seen.add(key)
        changes.append(out)
    if errors:
        raise ReformError(errors)
    return ReformSpec(changes=tuple(changes))


# Building the reformed system ----------------------------------------------------------------------


def _call(formula, entity, period, parameters):
    return formula(entity, period, parameters) if len(inspect.signature(formula).parameters) == 3 \
        else formula(entity, period)


def _dates(entity, period):
    return entity("consideration_date" if entity.entity.key == "person" else "unit_consideration_date", period)


def _switched(base: Variable, start: str, met: bool) -> type[Variable]:
    original = base.get_formula()

    def formula(entity, period, parameters):
        before = _call(original, entity, period, parameters)
        return np.where(_dates(entity, period) >= np.datetime64(start), met, before)

    return type(base.name, (Variable,), {
        "value_type": bool, "entity": base.entity, "definition_period": base.definition_period,
        "label": base.label, "reference": base.reference, "formula": formula})


def _required(base: Variable, conditions: list[tuple[str, str]]) -> type[Variable]:
    original = base.get_formula()

    def formula(entity, period, parameters):
        eligible = _call(original, entity, period, parameters)
        dates = _dates(entity, period)
        for name, start in conditions:
            eligible = eligible & ((dates < np.datetime64(start)) | entity(name, period))
        return eligible

    return type(base.name, (Variable,), {
        "value_type": bool, "entity": base.entity, "definition_period": base.definition_period,
        "label": base.label, "reference": base.reference, "formula": formula})


def _reform_class(spec: ReformSpec) -> type[Reform]:
    def modify(parameters):
        for change in spec.parameter_changes:
            node = parameters
            for part in change["set"].split("."):
                node = node.children[part]
            node.update(start=change["from"], value=change["value"])
        return parameters

    def apply(self):
        if spec.parameter_changes:
            self.modify_parameters(modifier_function=modify)
        for change in spec.changes:
            if "switch" in change:
                self.update_variable(_switched(self.variables[change["switch"]], change["from"], change["to"] == "met"))
        required: dict[str, list] = {}
        for change in spec.changes:
            if "require" in change:
                required.setdefault(change["award"], []).append((change["require"], change["from"]))
        for award, conditions in required.items():
            self.update_variable(_required(self.variables[f"eligible_{award}"], conditions))

    return type("DraftReform", (Reform,), {"apply": apply})


@lru_cache(maxsize=16)
def _build(canonical: str, decisions: tuple[InForce, ...]) -> Reform:
    spec = ReformSpec(changes=tuple(json.loads(canonical)))
    system = _reform_class(spec)(reformed_system(decisions + spec.regulations))
    system.version = spec.version
    return system


def build(spec: ReformSpec, decisions: tuple[InForce, ...] = ()) -> Reform:
    """The reformed system for a checked document, over the law in force for an agency whose regulations in
    force are `decisions` (built once per process, document and decisions)."""
    return _build(spec.canonical, decisions)


# Reasons under adopted reforms ---------------------------------------------------------------------


@lru_cache(maxsize=512)
def _reads(variable: str, path: str) -> bool:
    """Whether a condition's formulas read the parameter `path` (quoted in their source)."""
    system = tax_benefit_system()
    found = system.variables.get(variable) or system.variables.get("unit_" + variable)
    if found is None:
        return False
    return any(f'"{path}"' in inspect.getsource(formula) for formula in found.formulas.values())


def cite_adopted(rows: list[list[dict]], arrays: dict, index: np.ndarray, code: str, day: datetime.date,
                 adoptions: tuple) -> list[list[dict]]:
    """The reasons of `code` for subjects `index` under the reforms an agency adopted (each with its changes
    and the adopting decision's `citation`) in force on `day`: a condition switched, or reading a parameter
    changed, cites the decision instead of the law it changes (kept as `law_reference`); a condition the
    decision adds is one more reason, citing it. So every "no" names its basis."""
    start = day.isoformat()
    in_force = [(change, adoption.citation) for adoption in adoptions for change in adoption.changes
                if change["from"] <= start]
    if not in_force:
        return rows
    cited: dict[str, str] = {}
    for change, citation in in_force:  # a later decision over the same condition is the one cited
        if "switch" in change:
            cited[change["switch"]] = citation
        elif "set" in change:
            for spec in AWARDS[code].conditions:
                if _reads(spec.variable, change["set"]):
                    cited[spec.variable.removeprefix("judgement_")] = citation
    if cited:
        rows = [[{**r, "reference": cited[r["condition"]], "law_reference": r["reference"]}
                 if r["condition"] in cited else r for r in row] for row in rows]
    for change, citation in in_force:
        if change.get("award") == code and "require" in change:
            name = change["require"]
            vi, en = TEXTS.get(name, (name, name))
            variants = [{"condition": name, "met": met, "kind": "check", "text_vi": f"{PREFIX[met][0]}: {vi}",
                         "text_en": f"{PREFIX[met][1]}: {en}", "reference": citation} for met in (False, True)]
            for row, met in zip(rows, arrays[name][index].astype(bool).tolist(), strict=True):
                row.append(variants[met])
    return rows
