"""Collective titles: conditions on the collective's rating and its members' results."""

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from thidua.awards.codes import HTTNV, HTXSNV, NO, YES
from thidua.rules.entities import Unit
from thidua.rules.helpers import LOOKBACK_YEARS, in_window, last_used, law, run_length, window_after, years_back

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
        return unit("members_disciplined", period) == 0


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


class c_central_block_leader(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "The leading collective of a block or cluster organised by the Central Emulation and Commendation Board"
    reference = f"{LAW}, Điều 25(2)"

    def formula(unit, period):
        return unit("central_block_rank", period) == 1


class eligible_CO_THI_DUA_CP(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Cờ thi đua của Chính phủ"
    reference = f"{LAW}, Điều 25"

    def formula(unit, period):
        ministries = unit("c_holds_co_thi_dua_bo", period) & (unit("unit_judgement_most_outstanding", period) != NO)
        movement = unit("unit_judgement_pm_movement_leader", period) == YES
        return ministries | unit("c_central_block_leader", period) | movement


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


# Collective forms: Bằng khen bộ, Bằng khen TTCP, Giấy khen -----------------------------------------


def _routes(unit, period, *keys):
    return np.any([unit(f"unit_judgement_{key}", period) == YES for key in keys], axis=0)


class c_unit_excellent_years(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Rated HTXSNV 2 years or more in a row, after the years a previous Bằng khen bộ rewarded"
    reference = f"{LAW}, Điều 74(2)"

    def formula(unit, period, parameters):
        return unit("window_TT_BANG_KHEN_BO", period) >= _law(unit, period, parameters,
                                                               "conditions.tt_bang_khen_bo_years")


class window_TT_BANG_KHEN_BO(Variable):
    value_type = int
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Years in a row rated HTXSNV up to the year, after the years a previous Bằng khen bộ rewarded"

    def formula(unit, period):
        run = run_length(years_back(unit, period, "unit_rating", 0, LOOKBACK_YEARS) == HTXSNV)
        return np.minimum(run, last_used(unit, period, "TT_BANG_KHEN_BO"))


class eligible_TT_BANG_KHEN_BO(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Bằng khen cấp bộ, ngành, tỉnh (tập thể)"
    reference = f"{LAW}, Điều 74(2)"

    def formula(unit, period):
        record = unit("c_unit_excellent_years", period) & unit("a_solidarity", period)
        return record | _routes(unit, period, "outstanding", "ad_hoc", "thematic")


class window_TT_BANG_KHEN_TTCP(Variable):
    value_type = int
    entity = Unit
    definition_period = DateUnit.YEAR

    def formula(unit, period, parameters):
        n = int(_law(unit, period, parameters, "conditions.long_run_years").max(initial=5))
        ratings = years_back(unit, period, "unit_rating", 0, LOOKBACK_YEARS)
        prior = years_back(unit, period, "awarded_TT_BANG_KHEN_BO", 0, LOOKBACK_YEARS)
        return window_after(prior, last_used(unit, period, "TT_BANG_KHEN_TTCP"), run_length(ratings == HTXSNV), n)


class c_unit_prior_bang_khen_bo(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Holds a collective Bằng khen bộ awarded before the years counted"
    reference = f"{LAW}, Điều 73(2)"

    def formula(unit, period):
        offsets = np.arange(1, LOOKBACK_YEARS + 1)[:, None]
        prior = years_back(unit, period, "awarded_TT_BANG_KHEN_BO", 1, LOOKBACK_YEARS)
        return np.any(prior & (offsets <= last_used(unit, period, "TT_BANG_KHEN_TTCP")), axis=0)


class c_unit_run_excellent(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "5 years or more in a row after it, up to the year, rated HTXSNV"
    reference = f"{LAW}, Điều 73(2)"

    def formula(unit, period, parameters):
        window = unit("window_TT_BANG_KHEN_TTCP", period)
        run = run_length(years_back(unit, period, "unit_rating", 0, LOOKBACK_YEARS) == HTXSNV)
        return (window >= _law(unit, period, parameters, "conditions.long_run_years")) & (run >= window)


class c_unit_run_flags(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "In that time, a Cờ thi đua bộ once or a Bằng khen bộ twice"
    reference = f"{LAW}, Điều 73(2)"

    def formula(unit, period, parameters):
        window = unit("window_TT_BANG_KHEN_TTCP", period)
        flags = in_window(years_back(unit, period, "awarded_CO_THI_DUA_BO", 0, LOOKBACK_YEARS), window).sum(axis=0)
        merits = in_window(years_back(unit, period, "awarded_TT_BANG_KHEN_BO", 0, LOOKBACK_YEARS), window).sum(axis=0)
        needed = _law(unit, period, parameters, "conditions.tt_bang_khen_ttcp_flags")
        return (flags >= needed) | (merits >= 2 * needed)


class eligible_TT_BANG_KHEN_TTCP(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Bằng khen của Thủ tướng Chính phủ (tập thể)"
    reference = f"{LAW}, Điều 73(2)"

    def formula(unit, period):
        record = (unit("c_unit_prior_bang_khen_bo", period) & unit("c_unit_run_excellent", period)
                  & unit("c_unit_run_flags", period))
        return record | _routes(unit, period, "ad_hoc", "thematic")


class eligible_TT_GIAY_KHEN(Variable):
    value_type = bool
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Giấy khen (tập thể)"
    reference = f"{LAW}, Điều 75"

    def formula(unit, period):
        notable = unit("unit_judgement_notable_achievement", period) != NO
        return unit("c_unit_rating_good", period) & notable
