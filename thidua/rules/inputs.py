"""Facts read from the subject's history: one input variable per fact and year.

They are many and alike, so they are generated here and added by the system (OpenFisca's file loader
only picks classes written out in variables/).
"""

from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from thidua.awards.codes import AWARDS, JUDGEMENTS, PERSON_AWARDS, UNKNOWN
from thidua.rules.entities import Person, Unit

INPUTS: list[type[Variable]] = []


def _input(name, entity, value_type, label, default=None):
    attrs = {"value_type": value_type, "entity": entity, "definition_period": DateUnit.YEAR, "label": label}
    if default is not None:
        attrs["default_value"] = default
    INPUTS.append(type(name, (Variable,), attrs))


for _entity, _prefix in ((Person, ""), (Unit, "unit_")):
    _input(_prefix + "has_data", _entity, bool, "The history has this year")
    _input(_prefix + "rating", _entity, int, "Yearly rating: 4 HTXSNV, 3 HTTNV, 2 HTNV, 1 KHTNV, 0 none")
    for _key in JUDGEMENTS:
        _input(f"{_prefix}judgement_{_key}", _entity, int, f"Council judgement '{_key}': -1 unknown, 0 no, 1 yes",
               UNKNOWN)

_input("disciplined", Person, bool, "Disciplined in the year")
_input("deferred", Person, bool, "Under discipline review, investigation or inspection on the date of consideration")
_input("months_in_service", Person, float, "Months from recruitment to the end of the year (12 = a full year)", 12.0)
_input("months_worked", Person, float, "Months of actual work in the year", 12.0)
_input("maternity_leave_months", Person, float, "Months of maternity leave in the year")
_input("injured_on_duty", Person, bool, "Injured on duty or while rescuing people or property")
_input("injury_treatment_months", Person, float, "Months of treatment after the injury")
_input("training_months", Person, float, "Months of training (under one year, satisfactory results)")
_input("service_years", Person, float, "Years of service in the sector or body up to the end of the year")
_input("initiative_scope", Person, int, "Widest scope of an initiative recognised in the year: 1 co_so, 2 bo, 3 toan_quoc")
_input("initiative_count", Person, int, "Initiatives recognised in the year at co_so scope or wider")

for _code in AWARDS:
    _entity = Person if _code in PERSON_AWARDS else Unit
    _input(f"awarded_{_code}", _entity, bool, f"Received {_code} for the year")
    _input(f"used_{_code}", _entity, bool, f"The year's achievement is inside the achievement period of a {_code}")

_input("members_total", Unit, int, "Members of the collective")
_input("members_completed", Unit, int, "Members rated HTNV or better")
_input("members_ldtt", Unit, int, "Members holding Lao động tiên tiến")
_input("members_cstd_co_so", Unit, int, "Members holding Chiến sĩ thi đua cơ sở")
_input("members_disciplined", Unit, int, "Members disciplined at warning (cảnh cáo) or heavier")
_input("block_rank", Unit, int, "Rank in the emulation block or cluster (0 = not ranked)")
_input("central_block_rank", Unit, int,
       "Rank in a block or cluster organised by the Central Emulation and Commendation Board (0 = none)")
