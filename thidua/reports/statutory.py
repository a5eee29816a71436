"""The Ministry of Home Affairs' periodic statistical forms on emulation and commendation (Circular
02/2023/TT-BNV, forms 0601.N–0605.N), computed from stored records for a period.

Rows and columns follow the forms as published (read from the public TĐKT system
`lifephongphanmem/thiduakhenthuong_php8`, resources/views/BaoCao/TT022023/Mau060x). Every record is
classified once into the rows and columns it counts in, so each cell is the number of records in both,
and the same classification lists a cell's records (drill-down and the "Nguồn số liệu" sheet).

Choices where the stored data is coarser than the form (said in the report's notes):
- a person's leadership level is read from their position (Bộ trưởng/Thứ trưởng/Chủ nhiệm… → ministry level;
  Vụ trưởng/Cục trưởng/Giám đốc… → department level; Trưởng/Phó trưởng phòng, ban → other leaders);
- the method of commendation is the round's kind (regular, thematic, ad hoc, lifetime); records imported
  without a decision in thidua count as regular;
- a multi-year movement counts once (its yearly sub-movements are parts of it); a block movement is
  launched at central level (blocks are organised by the Central Emulation and Commendation Council);
- 0604 counts units where someone holds the emulation-officer role; 0605 counts the people holding it, their
  training level and seniority in emulation work as recorded on the officers' page (`OfficerProfile`): an
  officer without them is counted in the total and age rows only (the notes say how many).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from thidua.core.text import fold

CIRCULAR = "Thông tư số 02/2023/TT-BNV ngày 23/3/2023"


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    unit: str = ""
    heading: bool = False


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    group: str = ""


@dataclass
class Form:
    code: str
    title: str
    lines: list[Line]
    columns: list[Column]
    subject: str  # "award", "movement", "unit" or "person": what a counted record is
    method_codes: dict[str, str] = field(default_factory=dict)  # method of commendation → row code
    subject_codes: dict[str, str] = field(default_factory=dict)  # 0602's subject row codes → this form's
    unrecorded: frozenset[str] = frozenset()  # rows thidua has no data for: left empty, never 0

    @property
    def sign(self) -> str:
        return f"{self.code}.N/BNV-TĐKT"


@dataclass
class Result:
    form: Form
    agency: object
    start: datetime.date
    end: datetime.date
    cells: dict[tuple[str, str], list[int]]  # (line code, column key) → record ids
    records: dict[int, dict]  # id → the record's values and its lines and columns

    def count(self, line: str, column: str) -> int:
        return len(self.cells.get((line, column), ()))


# Classification helpers ---------------------------------------------------------------------------

# Checked in this order: "Phó Trưởng phòng" is a division leader, "Phó Vụ trưởng" a department leader.
LEADERSHIP_WORDS = [
    ("other", ("truong phong", "pho phong", "to truong", "truong khoa")),
    ("department", ("vu truong", "cuc truong", "giam doc", "chanh van phong", "vien truong", "tong bien tap")),
    ("ministry", ("bo truong", "thu truong", "chu nhiem", "tong thu ky")),
]


def leadership(position: str) -> str:
    text = fold(position or "")
    for level, words in LEADERSHIP_WORDS:
        if any(word in text for word in words):
            return level
    return "direct"


METHOD_LINES = {"regular": "thuong_xuyen", "thematic": "chuyen_de", "ad_hoc": "dot_xuat", "lifetime": "cong_hien"}


# The forms -----------------------------------------------------------------------------------------

SUBJECT_LINES = [
    Line("", "2. Chia theo đối tượng khen thưởng", heading=True),
    Line("04", "- Tập thể", "Tập thể"), Line("05", "Trong đó: Doanh nghiệp", "Doanh nghiệp"),
    Line("06", "- Hộ gia đình", "Hộ"), Line("07", "- Cá nhân", "Người"),
    Line("08", "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "Người"),
    Line("09", "+ Lãnh đạo cấp vụ, sở, ngành và tương đương", "Người"), Line("10", "+ Doanh nhân", "Người"),
    Line("11", "+ Các cấp lãnh đạo khác từ phó phòng trở lên", "Người"),
    Line("12", "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, "
               "nông dân,...)", "Người"),
]
METHOD_NAMES = [("thuong_xuyen", "- Thường xuyên"), ("chuyen_de", "- Chuyên đề"), ("dot_xuat", "- Đột xuất"),
                ("doi_ngoai", "- Đối ngoại"), ("cong_hien", "- Cống hiến"), ("nien_han", "- Niên hạn"),
                ("khang_chien", "- Kháng chiến")]


def _renumber(lines: list[Line], first: int) -> tuple[list[Line], dict[str, str]]:
    """Sequential row codes from `first`; returns the lines and old code → new code."""
    out, mapping, number = [], {}, first
    for line in lines:
        if line.heading:
            out.append(line)
            continue
        code = f"{number:02d}"
        mapping[line.code] = code
        out.append(Line(code, line.label, line.unit))
        number += 1
    return out, mapping


F0602_COLUMNS = [
    Column("total", "Tổng số"),
    Column("HCLD_1:unit", "Tập thể", "Huân chương Lao động hạng Nhất"),
    Column("HCLD_1:person", "Cá nhân", "Huân chương Lao động hạng Nhất"),
    Column("HCLD_2:unit", "Tập thể", "Huân chương Lao động hạng Nhì"),
    Column("HCLD_2:person", "Cá nhân", "Huân chương Lao động hạng Nhì"),
    Column("HCLD_3:unit", "Tập thể", "Huân chương Lao động hạng Ba"),
    Column("HCLD_3:person", "Cá nhân", "Huân chương Lao động hạng Ba"),
    Column("GT_HCM", "Cá nhân", "Giải thưởng Hồ Chí Minh"),
    Column("GT_NN", "Cá nhân", "Giải thưởng Nhà nước"),
    Column("VINH_DU:unit", "Tập thể", "Danh hiệu vinh dự nhà nước"),
    Column("VINH_DU:person", "Cá nhân", "Danh hiệu vinh dự nhà nước"),
    Column("CO_THI_DUA_CP:unit", "Tập thể", "Cờ thi đua của Chính phủ"),
    Column("BANG_KHEN_TTCP:unit", "Tập thể", "Bằng khen của Thủ tướng Chính phủ"),
    Column("BANG_KHEN_TTCP:person", "Cá nhân", "Bằng khen của Thủ tướng Chính phủ"),
    Column("CSTD_TOAN_QUOC:person", "Cá nhân", "Chiến sĩ thi đua toàn quốc"),
]
F0602_CODES = {"HCLD_1", "HCLD_2", "HCLD_3", "CO_THI_DUA_CP", "BANG_KHEN_TTCP", "CSTD_TOAN_QUOC"}

F0603_COLUMNS = [
    Column("total", "Tổng số"),
    Column("bang_khen", "Bằng khen", "Chia ra"),
    Column("cstd", "Chiến sĩ thi đua cấp bộ, cấp tỉnh", "Chia ra"),
    Column("co", "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
           "Chia ra"),
    Column("huy_hieu", "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực "
                       "thuộc Trung ương", "Chia ra"),
]
F0603_GROUPS = {"BANG_KHEN_BO": "bang_khen", "BANG_KHEN_UBTVQH": "bang_khen", "CSTD_BO": "cstd",
                "CSTD_CQ_QUOC_HOI": "cstd", "CO_THI_DUA_BO": "co", "CO_THI_DUA_CQ_QH": "co",
                "KY_NIEM_CHUONG": "huy_hieu", "KNC_QUOC_HOI": "huy_hieu"}


def form_0601() -> Form:
    lines = [Line("01", "Tổng số", "Phong trào"), Line("", "1. Chia theo phạm vi tổ chức thi đua", heading=True),
             Line("02", "- Toàn quốc"), Line("03", "- Bộ, ban, ngành đoàn thể, địa phương"),
             Line("04", "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức"),
             Line("05", "- Cơ quan, tổ chức, đơn vị"), Line("", "2. Chia theo thời hạn thi đua", heading=True),
             Line("06", "- Dưới 1 năm"), Line("07", "- 1 năm"), Line("08", "- Từ 1 năm đến dưới 3 năm"),
             Line("09", "- Từ 3 năm đến dưới 5 năm"), Line("10", "- Từ 5 năm trở lên"),
             Line("", "3. Chia theo phương thức tổ chức phong trào thi đua", heading=True),
             Line("11", "- Thi đua theo chuyên đề"), Line("12", "- Thi đua thường xuyên hàng năm")]
    group = "Số phong trào thi đua chia theo cấp chủ trì phát động thi đua"
    columns = [Column("total", "Tổng số"),
               Column("central", "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)", group),
               Column("ministry", "Cấp bộ, ban ngành đoàn thể trung ương, tỉnh, thành phố trực thuộc Trung ương",
                      group),
               Column("unit", "Cơ quan, tổ chức, đơn vị", group)]
    return Form("0601", "SỐ PHONG TRÀO THI ĐUA", lines, columns, "movement")


def form_0602() -> Form:
    method, mapping = _renumber([Line("", "3. Chia theo phương thức khen thưởng", heading=True)]
                                + [Line(key, label) for key, label in METHOD_NAMES], 13)
    lines = [Line("01", "Tổng số"), Line("", "1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen "
                                             "thưởng", heading=True),
             Line("02", "- Bộ, ban, ngành, đoàn thể Trung ương", "Bộ, ngành"),
             Line("03", "- Tỉnh, thành phố trực thuộc Trung ương", "Tỉnh, TP"), *SUBJECT_LINES, *method]
    form = Form("0602", "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC", lines, F0602_COLUMNS, "award")
    form.method_codes = mapping
    return form


def form_0603() -> Form:
    subject = [Line(line.code, line.label, line.unit, line.heading) for line in SUBJECT_LINES]
    subject[0] = Line("", "1. Chia theo đối tượng khen thưởng", heading=True)
    subject, renumbered = _renumber(subject, 2)
    method, mapping = _renumber([Line("", "3. Chia theo phương thức khen thưởng", heading=True)]
                                + [Line(key, label) for key, label in METHOD_NAMES], 11)
    form = Form("0603", "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC "
                        "THUỘC TRUNG ƯƠNG", [Line("01", "Tổng số"), *subject, *method], F0603_COLUMNS, "award")
    form.method_codes, form.subject_codes = mapping, renumbered
    return form


def form_0604() -> Form:
    lines = [Line("01", "Tổng số", "Tổ chức"), Line("", "Chia theo cơ cấu tổ chức bộ máy", heading=True),
             Line("02", "- Cấp Vụ thuộc bộ, ban, ngành, đoàn thể Trung ương", "Vụ"),
             Line("03", "- Cấp phòng, ban hoặc bộ phận thuộc Vụ", "Phòng"),
             Line("04", "- Cấp ban thuộc Sở Nội vụ", "Ban"), Line("05", "- Cấp phòng thuộc Sở Nội vụ", "Phòng")]
    return Form("0604", "SỐ LƯỢNG TỔ CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG CỦA BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG "
                        "ƯƠNG, TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG", lines, [Column("total", "Số lượng")], "unit")


def form_0605() -> Form:
    lines = [Line("01", "Tổng số"), Line("", "1. Chia theo độ tuổi", heading=True),
             Line("02", "- Từ 30 trở xuống"), Line("03", "- Từ 31 đến 40"), Line("04", "- Từ 41 đến 50"),
             Line("05", "- Từ 51 đến 55"), Line("06", "- Từ 56 đến 60"), Line("07", "- Trên 60 tuổi"),
             Line("", "2. Chia theo trình độ đào tạo", heading=True), Line("08", "- Sơ cấp"),
             Line("09", "- Trung cấp"), Line("10", "- Cao đẳng"), Line("11", "- Đại học"),
             Line("12", "- Trên đại học"),
             Line("", "3. Chia theo thâm niên công tác trong lĩnh vực thi đua, khen thưởng", heading=True),
             Line("13", "- Dưới 5 năm"), Line("14", "- Từ 5 đến 10 năm"), Line("15", "- Từ 10 năm trở lên")]
    columns = [Column("total", "Tổng số", "Số lượng (Người)"), Column("female", "Trong đó: Nữ", "Số lượng (Người)")]
    return Form("0605", "SỐ LƯỢNG CÔNG CHỨC LÀM CÔNG TÁC THI ĐUA, KHEN THƯỞNG CỦA BỘ, BAN, NGÀNH ĐOÀN THỂ TRUNG "
                        "ƯƠNG, TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG", lines, columns, "person")


EDUCATION_LINES = {"elementary": "08", "intermediate": "09", "college": "10", "university": "11",
                   "postgraduate": "12"}


FORMS = {"0601": form_0601, "0602": form_0602, "0603": form_0603, "0604": form_0604, "0605": form_0605}


# Computing ----------------------------------------------------------------------------------------


def _award_rows(agency, start, end, codes):
    from thidua.awards.models import AwardRecord

    return (AwardRecord.objects.filter(decision_date__range=(start, end), award_code__in=codes,
                                       revocation__isnull=True)  # a revoked award no longer counts
            .filter(Q(person__agency=agency) | Q(unit__agency=agency))
            .values("id", "person_id", "unit_id", "award_code", "person__full_name", "unit__name",
                    "person__position", "decision__round__kind", "decision_number", "decision_date"))


def _classify_award(form: Form, row: dict) -> tuple[set[str], set[str]]:
    is_person = row["person_id"] is not None
    code = row["award_code"]
    lines = {"01"}
    if form.code == "0602":
        lines.add("02")  # our agencies are central bodies: their submissions go under "Bộ, ban, ngành"
        subject_codes = {c: c for c in ("04", "07", "08", "09", "11", "12")}
    else:
        subject_codes = form.subject_codes
    if is_person:
        lines.add(subject_codes["07"])
        lines.add(subject_codes[{"ministry": "08", "department": "09", "other": "11", "direct": "12"}[
            leadership(row["person__position"])]])
    else:
        lines.add(subject_codes["04"])
    lines.add(form.method_codes[METHOD_LINES.get(row["decision__round__kind"] or "regular", "thuong_xuyen")])
    if form.code == "0602":
        columns = {"total", f"{code}:{'person' if is_person else 'unit'}"}
    else:
        columns = {"total", F0603_GROUPS[code]}
    return lines, columns


def _movement_rows(agency, start, end):
    from thidua.movements.models import Movement

    return (Movement.objects.filter(agency=agency, parent__isnull=True, starts_on__range=(start, end))
            .values("id", "title", "kind", "unit_id", "unit__parent_id", "block_id", "starts_on", "ends_on",
                    "decision_number"))


def _classify_movement(row: dict) -> tuple[set[str], set[str]]:
    lines = {"01"}
    if row["block_id"]:
        lines.add("04")
        level = "central"
    elif row["unit__parent_id"] is None:
        lines.add("03")
        level = "ministry"
    else:
        lines.add("05")
        level = "unit"
    months = (row["ends_on"].year - row["starts_on"].year) * 12 + row["ends_on"].month - row["starts_on"].month + 1
    lines.add("06" if months < 12 else "07" if months == 12 else "08" if months < 36 else "09" if months < 60
              else "10")
    lines.add("11" if row["kind"] == "thematic" else "12")
    return lines, {"total", level}


def _officer_units(agency):
    from thidua.accounts.models import Role, RoleAssignment

    return (RoleAssignment.objects.filter(role=Role.EMULATION_OFFICER, unit__agency=agency)
            .values("unit_id", "unit__name", "unit__kind").distinct())


def _officer_people(agency):
    from thidua.accounts.models import Role
    from thidua.organization.models import Person

    return (Person.objects.filter(agency=agency, is_active=True, user__roles__role=Role.EMULATION_OFFICER)
            .values("id", "full_name", "gender", "date_of_birth", "position", "officer_profile__education",
                    "officer_profile__emulation_work_since").distinct())


def _age_line(born: datetime.date | None, on: datetime.date) -> str | None:
    if born is None:
        return None
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return "02" if age <= 30 else "03" if age <= 40 else "04" if age <= 50 else "05" if age <= 55 else \
        "06" if age <= 60 else "07"


def _seniority_line(since: datetime.date | None, on: datetime.date) -> str | None:
    """Years in emulation and commendation work at the end of the period: under 5, 5 to 10, 10 and more."""
    if since is None or since > on:
        return None
    years = on.year - since.year - ((on.month, on.day) < (since.month, since.day))
    return "13" if years < 5 else "14" if years < 10 else "15"


def compute(code: str, *, agency, start: datetime.date, end: datetime.date) -> Result:
    form = FORMS[code]()
    cells: dict[tuple[str, str], list[int]] = defaultdict(list)
    records: dict[int, dict] = {}

    def add(key: int, row: dict, lines: set[str], columns: set[str]) -> None:
        records[key] = {**row, "lines": sorted(lines), "columns": sorted(columns)}
        for line in lines:
            for column in columns:
                cells[(line, column)].append(key)

    if code in ("0602", "0603"):
        codes = F0602_CODES if code == "0602" else set(F0603_GROUPS)
        for row in _award_rows(agency, start, end, codes).iterator(chunk_size=5000):
            add(row["id"], row, *_classify_award(form, row))
    elif code == "0601":
        for row in _movement_rows(agency, start, end):
            add(row["id"], row, *_classify_movement(row))
    elif code == "0604":
        for row in _officer_units(agency):
            kind_line = {"department": "02", "division": "03"}.get(row["unit__kind"])
            add(row["unit_id"], row, {"01", kind_line} - {None}, {"total"})
    else:
        for row in _officer_people(agency):
            columns = {"total", "female"} if row["gender"] == "female" else {"total"}
            lines = {"01", _age_line(row["date_of_birth"], end), EDUCATION_LINES.get(row["officer_profile__education"]),
                     _seniority_line(row["officer_profile__emulation_work_since"], end)}
            add(row["id"], row, lines - {None}, columns)
    return Result(form, agency, start, end, dict(cells), records)
