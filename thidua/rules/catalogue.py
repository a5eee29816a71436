"""The award catalogue: names, the conditions each award is explained by, and their one-line reasons.

Eligibility itself is computed by the `eligible_<CODE>` variables; this module only says which
condition variables explain an award and how to word them. References come from the variables.
"""

from dataclasses import dataclass, field

from thidua.rules.codes import PERSON_AWARDS

R44 = "Nghị quyết 44/2024/UBTVQH15"

# kind: "check" must be met; "branch" is a checkable alternative to a "route" (a judgement-only
# alternative branch, counted only when given as true); "judgement" is the council's call: absent it
# is reported as null and does not block, given as false it blocks.


@dataclass(frozen=True)
class ConditionSpec:
    variable: str
    kind: str = "check"
    reference: str | None = None  # overrides the variable's reference


@dataclass(frozen=True)
class Award:
    code: str
    name_vi: str
    name_en: str
    kind: str  # "title" or "form"
    conditions: tuple[ConditionSpec, ...] = field(default_factory=tuple)

    @property
    def subject(self) -> str:
        return "person" if self.code in PERSON_AWARDS else "unit"


C, B = ConditionSpec, lambda v, **kw: ConditionSpec(v, "branch", **kw)
J = lambda key, **kw: ConditionSpec(f"judgement_{key}", "judgement", **kw)  # noqa: E731
ROUTE = lambda key, **kw: ConditionSpec(f"judgement_{key}", "route", **kw)  # noqa: E731

AWARDS: dict[str, Award] = {a.code: a for a in [
    Award("LDTT", "Lao động tiên tiến", "Advanced Worker", "title",
          (C("c_rating_good"), C("c_not_disciplined"), C("c_months_worked"))),
    Award("CSTD_CO_SO", "Chiến sĩ thi đua cơ sở", "Grassroots Emulation Fighter", "title",
          (C("c_holds_ldtt"), C("c_cstd_achievement"))),
    Award("CSTD_BO", "Chiến sĩ thi đua cấp bộ, ngành, tỉnh", "Ministerial Emulation Fighter", "title",
          (C("c_cstd_co_so_3_years"), C("c_initiative_bo_3_years"))),
    Award("CSTD_TOAN_QUOC", "Chiến sĩ thi đua toàn quốc", "National Emulation Fighter", "title",
          (C("c_cstd_bo_two_cycles"), C("c_initiative_national"),
           J("most_outstanding", reference="Luật Thi đua, khen thưởng 06/2022/QH15, Điều 21"))),
    Award("BANG_KHEN_BO", "Bằng khen cấp bộ, ngành, tỉnh", "Ministerial Certificate of Merit", "form",
          (C("c_not_disciplined"), B("c_bang_khen_bo_record"),
           ROUTE("outstanding", reference="Luật Thi đua, khen thưởng 06/2022/QH15, Điều 74(1)(a)-(c)"))),
    Award("BANG_KHEN_TTCP", "Bằng khen của Thủ tướng Chính phủ", "Prime Minister's Certificate of Merit", "form",
          (C("c_prior_bang_khen_bo"), C("c_run_rated"), C("c_run_achievements"))),
    Award("HCLD_3", "Huân chương Lao động hạng Ba", "Labour Order, 3rd class", "form",
          (C("c_prior_bang_khen_ttcp"), C("c_run_rated_good"), C("c_run_has_htxsnv"), C("c_run_cstd_co_so_3"))),
    Award("HCLD_2", "Huân chương Lao động hạng Nhì", "Labour Order, 2nd class", "form",
          (C("c_prior_hcld_3"), C("c_run_rated_good", reference="Luật Thi đua, khen thưởng 06/2022/QH15, Điều 43"),
           C("c_run_hcld_2_titles"))),
    Award("HCLD_1", "Huân chương Lao động hạng Nhất", "Labour Order, 1st class", "form",
          (C("c_prior_hcld_2"), C("c_run_rated_good", reference="Luật Thi đua, khen thưởng 06/2022/QH15, Điều 42"),
           C("c_run_hcld_1_titles"))),
    Award("GIAY_KHEN", "Giấy khen", "Certificate of Merit", "form",
          (C("c_rating_good", reference="Luật Thi đua, khen thưởng 06/2022/QH15, Điều 75"),
           C("c_not_disciplined", reference="Luật Thi đua, khen thưởng 06/2022/QH15, Điều 75"),
           J("notable_achievement", reference="Luật Thi đua, khen thưởng 06/2022/QH15, Điều 75"))),
    Award("CSTD_CO_SO_QH", "Chiến sĩ thi đua cơ sở (cơ quan của Quốc hội)",
          "Grassroots Emulation Fighter (NA bodies)", "title",
          (C("c_holds_ldtt", reference=R44), C("c_cstd_achievement_qh"))),
    Award("CSTD_CQ_QUOC_HOI", "Chiến sĩ thi đua cơ quan của Quốc hội", "Emulation Fighter of NA bodies", "title",
          (C("c_cstd_co_so_qh_3_years"), C("c_initiative_na_bodies"))),
    Award("BANG_KHEN_UBTVQH", "Bằng khen của Ủy ban Thường vụ Quốc hội",
          "Certificate of Merit of the NA Standing Committee", "form",
          (C("c_prior_bang_khen_bo", reference=R44), C("c_run_rated", reference=R44),
           C("c_run_achievements", reference=R44))),
    Award("TT_LDTT", "Tập thể lao động tiên tiến", "Advanced Collective", "title",
          (C("c_unit_rating_good"), C("c_ldtt_over_half"), C("c_no_member_disciplined"), C("a_active_emulation"))),
    Award("TT_LDXS", "Tập thể lao động xuất sắc", "Excellent Collective", "title",
          (C("c_unit_rating_excellent"), C("c_all_members_completed"), C("c_ldtt_at_least_70"),
           C("c_member_cstd"), C("a_solidarity"))),
    Award("CO_THI_DUA_BO", "Cờ thi đua cấp bộ, ngành, tỉnh", "Ministerial Emulation Flag", "title",
          (C("c_holds_tt_ldxs"), B("c_block_leader"),
           ROUTE("outstanding", reference="Luật Thi đua, khen thưởng 06/2022/QH15, Điều 26"),
           J("replicable_model", reference="Luật Thi đua, khen thưởng 06/2022/QH15, Điều 26"))),
    Award("CO_THI_DUA_CP", "Cờ thi đua của Chính phủ", "Government Emulation Flag", "title",
          (C("c_holds_co_thi_dua_bo"),
           J("most_outstanding", reference="Luật Thi đua, khen thưởng 06/2022/QH15, Điều 25"))),
    Award("CO_THI_DUA_CQ_QH", "Cờ thi đua cơ quan của Quốc hội", "Emulation Flag of NA bodies", "title",
          (C("c_holds_tt_ldxs_qh"), B("c_block_leader_qh"), ROUTE("outstanding", reference=R44),
           J("replicable_model", reference=R44))),
]}

TEXTS: dict[str, tuple[str, str]] = {
    "c_rating_good": ("Xếp loại Hoàn thành tốt nhiệm vụ trở lên trong năm", "Rated HTTNV or better in the year"),
    "c_not_disciplined": ("Không bị kỷ luật trong năm", "Not disciplined in the year"),
    "c_months_worked": ("Đủ thời gian làm việc thực tế tối thiểu trong năm (tính cả nghỉ thai sản, điều trị do "
                        "bị thương khi thi hành công vụ, đi học)",
                        "Enough months of actual work in the year (maternity leave, treatment after injury on "
                        "duty and training included)"),
    "c_holds_ldtt": ("Đạt danh hiệu Lao động tiên tiến trong năm", "Holds Advanced Worker in the year"),
    "c_cstd_achievement": ("Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến/đề tài được công nhận từ cấp cơ sở "
                           "(trước 2024: bắt buộc có sáng kiến)",
                           "Rated HTXSNV or an initiative/research project recognised at co_so scope or wider "
                           "(before 2024: an initiative was required)"),
    "c_cstd_achievement_qh": ("Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến được cơ quan của Quốc hội công nhận",
                              "Rated HTXSNV or an initiative recognised by the NA body"),
    "c_cstd_co_so_3_years": ("Ba năm liên tục đạt Chiến sĩ thi đua cơ sở tính đến năm xét",
                             "Grassroots Emulation Fighter in 3 consecutive years up to the year"),
    "c_cstd_co_so_qh_3_years": ("Ba năm liên tục đạt Chiến sĩ thi đua cơ sở tính đến năm xét",
                                "Grassroots Emulation Fighter in 3 consecutive years up to the year"),
    "c_initiative_bo_3_years": ("Có sáng kiến/đề tài được công nhận phạm vi cấp bộ, ngành, tỉnh trở lên trong 3 năm",
                                "An initiative/research project with ministry-level scope or wider in those 3 years"),
    "c_initiative_na_bodies": ("Có sáng kiến được áp dụng trong các cơ quan của Quốc hội trong 3 năm",
                               "An initiative applied across NA bodies in those 3 years"),
    "c_cstd_bo_two_cycles": ("Hai lần liên tục đạt Chiến sĩ thi đua cấp bộ (năm xét và 3 năm trước đó)",
                             "Ministerial Emulation Fighter twice in a row (this year and three years earlier)"),
    "c_initiative_national": ("Có sáng kiến/đề tài được công nhận phạm vi toàn quốc",
                              "An initiative/research project recognised at national scope"),
    "c_bang_khen_bo_record": ("Hai năm liên tục đạt Chiến sĩ thi đua cơ sở, hoặc hai năm liên tục hoàn thành xuất "
                              "sắc nhiệm vụ với 2 sáng kiến cấp cơ sở",
                              "Grassroots Emulation Fighter 2 years in a row, or HTXSNV 2 years in a row with 2 "
                              "initiatives at co_so scope"),
    "c_prior_bang_khen_bo": ("Đã được tặng Bằng khen cấp bộ trước giai đoạn xét",
                             "Received the Ministerial Certificate of Merit before the period considered"),
    "c_run_rated": ("Năm năm liên tục hoàn thành tốt nhiệm vụ trở lên (trước 2024: hoàn thành xuất sắc)",
                    "Five consecutive years rated HTTNV or better (before 2024: HTXSNV)"),
    "c_run_achievements": ("Trong 5 năm có 3 lần Chiến sĩ thi đua cơ sở (trước 2024: 5 sáng kiến cấp cơ sở)",
                           "Grassroots Emulation Fighter 3 times in the five years (before 2024: 5 initiatives)"),
    "c_prior_bang_khen_ttcp": ("Đã được tặng Bằng khen của Thủ tướng Chính phủ trước giai đoạn xét",
                               "Received the Prime Minister's Certificate of Merit before the period considered"),
    "c_run_rated_good": ("Năm năm liên tục hoàn thành tốt nhiệm vụ trở lên", "Five consecutive years rated HTTNV or better"),
    "c_run_has_htxsnv": ("Có ít nhất một năm hoàn thành xuất sắc nhiệm vụ trong giai đoạn",
                         "At least one HTXSNV year in the period"),
    "c_run_cstd_co_so_3": ("Trong giai đoạn có 3 lần Chiến sĩ thi đua cơ sở", "Grassroots Emulation Fighter 3 times in the period"),
    "c_prior_hcld_3": ("Đã được tặng Huân chương Lao động hạng Ba trước giai đoạn xét",
                       "Received the Labour Order 3rd class before the period considered"),
    "c_run_hcld_2_titles": ("Trong giai đoạn có 1 lần Chiến sĩ thi đua cấp bộ hoặc nhiều lần Chiến sĩ thi đua cơ sở",
                            "In the period: Ministerial Emulation Fighter once or Grassroots Emulation Fighter several times"),
    "c_prior_hcld_2": ("Đã được tặng Huân chương Lao động hạng Nhì trước giai đoạn xét",
                       "Received the Labour Order 2nd class before the period considered"),
    "c_run_hcld_1_titles": ("Trong giai đoạn có 2 lần Chiến sĩ thi đua cấp bộ hoặc Chiến sĩ thi đua toàn quốc",
                            "In the period: Ministerial Emulation Fighter twice or National Emulation Fighter"),
    "c_unit_rating_good": ("Tập thể hoàn thành tốt nhiệm vụ trở lên", "The collective is rated HTTNV or better"),
    "c_ldtt_over_half": ("Trên 50% thành viên đạt Lao động tiên tiến", "More than 50% of members are Advanced Workers"),
    "c_no_member_disciplined": ("Không có thành viên bị kỷ luật từ cảnh cáo trở lên",
                                "No member disciplined at warning or heavier"),
    "a_active_emulation": ("Tích cực tham gia phong trào thi đua (coi là đạt trừ khi có ghi nhận khác)",
                           "Active in emulation movements (taken as met unless stated otherwise)"),
    "c_unit_rating_excellent": ("Tập thể hoàn thành xuất sắc nhiệm vụ", "The collective is rated HTXSNV"),
    "c_all_members_completed": ("100% thành viên hoàn thành nhiệm vụ trở lên", "All members rated HTNV or better"),
    "c_ldtt_at_least_70": ("Ít nhất 70% thành viên đạt Lao động tiên tiến", "At least 70% of members are Advanced Workers"),
    "c_member_cstd": ("Có thành viên đạt Chiến sĩ thi đua cơ sở", "At least one member is a Grassroots Emulation Fighter"),
    "a_solidarity": ("Nội bộ đoàn kết, chấp hành tốt pháp luật (coi là đạt trừ khi có ghi nhận khác)",
                     "Internal solidarity and law-abiding (taken as met unless stated otherwise)"),
    "c_holds_tt_ldxs": ("Đạt Tập thể lao động xuất sắc trong năm", "Holds Excellent Collective in the year"),
    "c_holds_tt_ldxs_qh": ("Đạt Tập thể lao động xuất sắc trong năm", "Holds Excellent Collective in the year"),
    "c_block_leader": ("Dẫn đầu khối, cụm thi đua", "Leads its emulation block or cluster"),
    "c_block_leader_qh": ("Dẫn đầu khối thi đua các cơ quan của Quốc hội", "Leads the block of NA bodies"),
    "c_holds_co_thi_dua_bo": ("Đạt Cờ thi đua cấp bộ trong năm", "Holds the Ministerial Emulation Flag in the year"),
    "judgement_outstanding": ("Thành tích xuất sắc, tiêu biểu (do Hội đồng đánh giá; là một con đường thay thế)",
                              "Outstanding achievement (the council's judgement; an alternative route)"),
    "judgement_most_outstanding": ("Tiêu biểu nhất trong số đủ tiêu chuẩn (do Hội đồng đánh giá)",
                                   "The most outstanding among those who qualify (the council's judgement)"),
    "judgement_notable_achievement": ("Có thành tích đáng ghi nhận (do Hội đồng đánh giá)",
                                      "A notable achievement (the council's judgement)"),
    "judgement_replicable_model": ("Có mô hình mới, nhân tố mới để nhân rộng (do Hội đồng đánh giá)",
                                   "New models worth replicating (the council's judgement)"),
}

PREFIX = {
    True: ("Đạt", "Met"),
    False: ("Chưa đạt", "Not met"),
    None: ("Cần Hội đồng xem xét", "For the council to judge"),
}
