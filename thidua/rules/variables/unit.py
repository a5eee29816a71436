"""Collective titles: conditions on the collective's rating and its members' results."""

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from thidua.rules.codes import HTTNV, HTXSNV, NO, YES
from thidua.rules.entities import Unit
from thidua.rules.helpers import law

LAW = "Luật Thi đua, khen thưởng 06/2022/QH15"
R44 = "Nghị quyết 44/2024/UBTVQH15"


def _law(unit, period, parameters, path):
    return law(unit, period, parameters, path, "unit_consideration_date")


def _share(unit, period, numerator):
    total = unit("members_total", period)
    return np.divide(unit(numerator, period), total, out=np.zeros(len(total)), where=total > 0)



class c_unit_rating_good(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "The collective is rated HTTNV or better"
    reference = f"{LAW}, Điều 28"

    def formula(unit, period):
        return unit("unit_rating", period) >= HTTNV


class c_ldtt_over_half(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "More than half of the members hold Lao động tiên tiến"
    reference = f"{LAW}, Điều 28"

    def formula(unit, period, parameters):
        return _share(unit, period, "members_ldtt") > _law(unit, period, parameters, "conditions.tt_ldtt_min_ldtt_share")


class c_no_member_disciplined(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "No member disciplined at warning (cảnh cáo) or heavier"
    reference = f"{LAW}, Điều 28"

    def formula(unit, period):
        return unit("unit_has_data", period) & (unit("members_disciplined", period) == 0)


class a_active_emulation(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Takes an active part in emulation movements (attitude: met unless stated otherwise)"
    reference = f"{LAW}, Điều 28"

    def formula(unit, period):
        return unit("unit_judgement_active_emulation", period) != NO


class eligible_TT_LDTT(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Tập thể lao động tiên tiến"
    reference = f"{LAW}, Điều 28"

    def formula(unit, period):
        return (unit("c_unit_rating_good", period) & unit("c_ldtt_over_half", period)
                & unit("c_no_member_disciplined", period) & unit("a_active_emulation", period))


class c_unit_rating_excellent(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "The collective is rated HTXSNV"
    reference = f"{LAW}, Điều 27(1)"

    def formula(unit, period):
        return unit("unit_rating", period) == HTXSNV


class c_all_members_completed(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "All members completed their duties (HTNV or better)"
    reference = f"{LAW}, Điều 27(1)"

    def formula(unit, period, parameters):
        needed = _law(unit, period, parameters, "conditions.tt_ldxs_min_completed_share")
        return (unit("members_total", period) > 0) & (_share(unit, period, "members_completed") >= needed)


class c_ldtt_at_least_70(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "At least 70% of the members hold Lao động tiên tiến"
    reference = f"{LAW}, Điều 27(1)"

    def formula(unit, period, parameters):
        return _share(unit, period, "members_ldtt") >= _law(unit, period, parameters,
                                                            "conditions.tt_ldxs_min_ldtt_share")


class c_member_cstd(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "At least one member holds Chiến sĩ thi đua cơ sở"
    reference = f"{LAW}, Điều 27(1)"

    def formula(unit, period):
        return unit("members_cstd_co_so", period) >= 1


class a_solidarity(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Internal solidarity and compliance with the law (attitude: met unless stated otherwise)"
    reference = f"{LAW}, Điều 27(1)"

    def formula(unit, period):
        return (unit("unit_judgement_solidarity", period) != NO) & (unit("unit_judgement_law_abiding", period) != NO)


class eligible_TT_LDXS(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Tập thể lao động xuất sắc"
    reference = f"{LAW}, Điều 27"

    def formula(unit, period):
        return (unit("c_unit_rating_excellent", period) & unit("c_all_members_completed", period)
                & unit("c_ldtt_at_least_70", period) & unit("c_member_cstd", period) & unit("a_solidarity", period))


class c_holds_tt_ldxs(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Holds Tập thể lao động xuất sắc in the year"
    reference = f"{LAW}, Điều 26"

    def formula(unit, period):
        return unit("awarded_TT_LDXS", period) | unit("eligible_TT_LDXS", period)


class c_block_leader(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Ranked first in its emulation block or cluster"
    reference = f"{LAW}, Điều 26"

    def formula(unit, period):
        return unit("block_rank", period) == 1


def _flag_route(unit, period):
    """Leading its block, or selected as outstanding among TT_LDXS (a council judgement given as true)."""
    return unit("c_block_leader", period) | (unit("unit_judgement_outstanding", period) == YES)


class eligible_CO_THI_DUA_BO(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Cờ thi đua cấp bộ, ngành, tỉnh"
    reference = f"{LAW}, Điều 26"

    def formula(unit, period):
        models = unit("unit_judgement_replicable_model", period) != NO
        return unit("c_holds_tt_ldxs", period) & _flag_route(unit, period) & models


class c_holds_co_thi_dua_bo(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Holds Cờ thi đua cấp bộ in the year"
    reference = f"{LAW}, Điều 25"

    def formula(unit, period):
        return unit("awarded_CO_THI_DUA_BO", period) | unit("eligible_CO_THI_DUA_BO", period)


class eligible_CO_THI_DUA_CP(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Cờ thi đua của Chính phủ"
    reference = f"{LAW}, Điều 25"

    def formula(unit, period):
        return unit("c_holds_co_thi_dua_bo", period) & (unit("unit_judgement_most_outstanding", period) != NO)


class c_holds_tt_ldxs_qh(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Holds Tập thể lao động xuất sắc in the year"
    reference = R44

    def formula(unit, period):
        return unit("c_holds_tt_ldxs", period)


class c_block_leader_qh(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Ranked first in the block of NA bodies"
    reference = R44

    def formula(unit, period):
        return unit("c_block_leader", period)


class eligible_CO_THI_DUA_CQ_QH(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Cờ thi đua cơ quan của Quốc hội"
    reference = R44

    def formula(unit, period):
        return unit("eligible_CO_THI_DUA_BO", period)
