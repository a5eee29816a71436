"""Deterministic, realistic demo data: an NA-Office-like agency and the 14-agency block of central Party agencies."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from thidua.accounts.models import Role, RoleAssignment

from .models import (
    Agency,
    BlockMembership,
    BlockRole,
    Discipline,
    DisciplineForm,
    EmulationBlock,
    Gender,
    Membership,
    Person,
    PersonCategory,
    Rating,
    Unit,
    UnitKind,
    UnitRating,
    YearlyRating,
)

DEMO_PASSWORD = "thidua-demo-2026"  # noqa: S105 — published in the README for the demo accounts only

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
          "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương", "Mai", "Tạ", "Cao", "Chu"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Tiến", "Ngọc", "Mạnh", "Trọng"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Bích", "Kim", "Thùy", "Diệu", "Mai"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hùng", "Huy", "Khánh", "Long", "Nam",
           "Phong", "Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Vinh", "Trung", "Hiếu", "Lâm", "Toàn", "Đạt"]
GIVEN_F = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Loan", "Mai", "Nga",
           "Ngân", "Nhung", "Oanh", "Phượng", "Quỳnh", "Thảo", "Trang", "Tuyết", "Vân", "Yến", "Thư"]
POSITIONS = ["Chuyên viên", "Chuyên viên chính", "Chuyên viên cao cấp", "Phó Trưởng phòng", "Trưởng phòng",
             "Phó Vụ trưởng", "Vụ trưởng", "Nhân viên"]

NA_OFFICE_UNITS = [
    ("VTH", "Vụ Tổng hợp", ["Phòng Tổng hợp", "Phòng Thư ký - Biên tập"]),
    ("VHC", "Vụ Hành chính", ["Phòng Văn thư", "Phòng Lưu trữ"]),
    ("VTCCB", "Vụ Tổ chức - Cán bộ", ["Phòng Tổ chức", "Phòng Thi đua - Khen thưởng"]),
    ("VPL", "Vụ Pháp luật", ["Phòng Pháp luật hình sự", "Phòng Pháp luật dân sự"]),
    ("VKT", "Vụ Kinh tế", ["Phòng Kinh tế ngành", "Phòng Kinh tế vĩ mô"]),
    ("VTCNS", "Vụ Tài chính - Ngân sách", ["Phòng Ngân sách", "Phòng Tài chính công"]),
    ("VQPAN", "Vụ Quốc phòng, An ninh và Đối ngoại", ["Phòng Quốc phòng", "Phòng Đối ngoại"]),
    ("VVHXH", "Vụ Văn hóa, Giáo dục và Xã hội", ["Phòng Văn hóa - Giáo dục", "Phòng Xã hội"]),
    ("VKHCN", "Vụ Khoa học, Công nghệ và Môi trường", ["Phòng Khoa học - Công nghệ", "Phòng Môi trường"]),
    ("VDT", "Vụ Dân nguyện", ["Phòng Tiếp dân", "Phòng Xử lý đơn thư"]),
    ("VCTDB", "Vụ Công tác đại biểu", ["Phòng Đại biểu chuyên trách"]),
    ("VTT", "Vụ Thông tin", ["Phòng Thông tin điện tử"]),
    ("TTTH", "Trung tâm Tin học", ["Phòng Hạ tầng", "Phòng Phần mềm"]),
    ("VQT", "Vụ Quản trị", ["Phòng Quản trị - Tài vụ"]),
]

BLOCK_AGENCIES = [
    ("VPTW", "Văn phòng Trung ương Đảng"),
    ("BTCTW", "Ban Tổ chức Trung ương"),
    ("BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương"),
    ("BCSCLTW", "Ban Chính sách, chiến lược Trung ương"),
    ("BNCTW", "Ban Nội chính Trung ương"),
    ("UBKTTW", "Ủy ban Kiểm tra Trung ương"),
    ("BDNTW", "Ban Đối ngoại Trung ương"),
    ("DUCQD", "Đảng ủy các cơ quan Đảng Trung ương"),
    ("BND", "Báo Nhân Dân"),
    ("TCCS", "Tạp chí Cộng sản"),
    ("HVCTQG", "Học viện Chính trị quốc gia Hồ Chí Minh"),
    ("NXBCTQG", "Nhà xuất bản Chính trị quốc gia Sự thật"),
    ("BBVCSSKTW", "Ban Bảo vệ, chăm sóc sức khỏe cán bộ Trung ương"),
    ("DULT", "Đảng ủy Khối các cơ quan Trung ương"),
]
BLOCK_UNITS = ["Văn phòng", "Vụ Tổng hợp", "Vụ Tổ chức - Cán bộ", "Vụ Nghiên cứu", "Vụ Địa phương", "Trung tâm Thông tin"]

RATING_WEIGHTS = [(Rating.HTXSNV, 18), (Rating.HTTNV, 66), (Rating.HTNV, 14), (Rating.KHTNV, 2)]


class DemoBuilder:
    def __init__(self, seed: int = 2026, this_year: int | None = None):
        self.rng = random.Random(seed)
        self.this_year = this_year or datetime.date.today().year

    def name(self) -> tuple[str, str]:
        rng = self.rng
        if rng.random() < 0.5:
            return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}", Gender.MALE
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}", Gender.FEMALE

    def agency(self, code, name, short, structure) -> tuple[Agency, Unit, list[Unit]]:
        agency = Agency.objects.create(code=code, name=name, short_name=short)
        root = Unit.objects.create(agency=agency, code=code, name=name, kind=UnitKind.AGENCY,
                                   established_on=datetime.date(2000, 1, 1))
        leaves = []
        for position, (unit_code, unit_name, children) in enumerate(structure):
            unit = Unit.objects.create(agency=agency, parent=root, code=unit_code, name=unit_name, position=position,
                                       kind=UnitKind.CENTRE if unit_name.startswith("Trung tâm") else UnitKind.DEPARTMENT)
            leaves.append(unit)
            for child_position, child in enumerate(children):
                leaves.append(Unit.objects.create(agency=agency, parent=unit, code=f"{unit_code}-{child_position + 1}",
                                                  name=child, kind=UnitKind.DIVISION, position=child_position))
        return agency, root, leaves

    def people(self, agency: Agency, units: list[Unit], count: int, prefix: str,
               category_weights=None) -> list[Person]:
        rng = self.rng
        categories = category_weights or [(PersonCategory.CIVIL_SERVANT, 70), (PersonCategory.PUBLIC_EMPLOYEE, 15),
                                          (PersonCategory.WORKER, 10), (PersonCategory.CADRE, 5)]
        people = []
        for i in range(count):
            full_name, gender = self.name()
            person = Person(
                agency=agency, code=f"{prefix}{i + 1:05d}", full_name=full_name, gender=gender,
                date_of_birth=datetime.date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28)),
                category=rng.choices([c for c, _ in categories], [w for _, w in categories])[0],
                position=rng.choices(POSITIONS, [40, 25, 8, 8, 6, 4, 2, 7])[0],
                unit=units[i % len(units)],
            )
            person.refresh_derived()
            people.append(person)
        Person.objects.bulk_create(people, batch_size=2000)
        people = list(Person.objects.filter(agency=agency).order_by("code"))
        Membership.objects.bulk_create([
            Membership(person=p, unit=p.unit, start_date=datetime.date(rng.randint(2005, self.this_year - 5), 1, 1),
                       position=p.position) for p in people], batch_size=2000)
        ratings = []
        for person in people:
            for year in range(self.this_year - 5, self.this_year):
                value = rng.choices([r for r, _ in RATING_WEIGHTS], [w for _, w in RATING_WEIGHTS])[0]
                ratings.append(YearlyRating(person=person, year=year, rating=value))
        YearlyRating.objects.bulk_create(ratings, batch_size=5000)
        return people

    def current_ratings(self, people: list[Person]) -> None:
        """Ratings close on 15 December: by now about half of the units have rated this year."""
        rated_units = set(sorted({p.unit_id for p in people})[::2])
        YearlyRating.objects.bulk_create([
            YearlyRating(person=p, year=self.this_year,
                         rating=self.rng.choices([r for r, _ in RATING_WEIGHTS], [w for _, w in RATING_WEIGHTS])[0])
            for p in people if p.unit_id in rated_units], batch_size=5000)
        units = Unit.objects.filter(pk__in={p.unit_id for p in people}).values_list("pk", flat=True)
        UnitRating.objects.bulk_create([
            UnitRating(unit_id=u, year=y, rating=self.rng.choices([Rating.HTXSNV, Rating.HTTNV, Rating.HTNV], [3, 6, 1])[0])
            for u in units for y in range(self.this_year - 5, self.this_year)])

    def disciplines(self, people: list[Person], count: int) -> None:
        for person in self.rng.sample(people, count):
            year = self.rng.randint(self.this_year - 5, self.this_year - 1)
            decided = datetime.date(year, self.rng.randint(1, 11), self.rng.randint(1, 28))
            Discipline.objects.create(
                person=person, form=self.rng.choice([DisciplineForm.REPRIMAND, DisciplineForm.WARNING]),
                decision_number=f"{self.rng.randint(10, 999)}/QĐ-KL", decision_date=decided, effective_from=decided,
                effective_to=decided + datetime.timedelta(days=365), reason="Vi phạm quy chế làm việc")

    def accounts(self, root: Unit, people: list[Person]) -> None:
        users = get_user_model()
        admin = users.objects.create_superuser("admin", "admin@thidua.local", DEMO_PASSWORD,
                                               first_name="Quản trị", last_name="hệ thống")
        del admin
        division = Unit.objects.filter(agency=root.agency, code="VTCCB").first() or root
        # the division's leader and staff member work in it, so its leader reviews the staff member's own pledge
        inside = set(Unit.objects.descendants(division, include_self=True).values_list("pk", flat=True))
        division_people = iter([p for p in people[7:] if p.unit_id in inside])
        for index, (username, role, unit) in enumerate([
            ("quantri", Role.ADMINISTRATOR, root), ("thidua", Role.EMULATION_OFFICER, root),
            ("lanhdao", Role.UNIT_LEADER, division), ("hoidong", Role.COUNCIL_MEMBER, root),
            ("thuky", Role.COUNCIL_SECRETARY, root), ("nhanvien", Role.STAFF, division),
            ("thanhtra", Role.INSPECTOR, root),
        ]):
            person = next(division_people, people[index]) if unit == division != root else people[index]
            user = users.objects.create_user(username, f"{username}@thidua.local", DEMO_PASSWORD,
                                             first_name=person.full_name, person=person)
            RoleAssignment.objects.create(user=user, role=role, unit=unit)

    def block_account(self, host: Agency) -> None:
        """`khoi`: the emulation officer of the agency hosting the block, who keeps its members and rotation."""
        root = Unit.objects.get(agency=host, parent__isnull=True)
        person = Person.objects.filter(agency=host).order_by("code").first()
        user = get_user_model().objects.create_user("khoi", "khoi@thidua.local", DEMO_PASSWORD,
                                                    first_name=person.full_name, person=person)
        RoleAssignment.objects.create(user=user, role=Role.EMULATION_OFFICER, unit=root)

    def block(self, agencies: list[Agency]) -> None:
        block = EmulationBlock.objects.create(
            code="KCQDTW", name="Khối thi đua các cơ quan Đảng Trung ương", host_agency=agencies[-1],
            description="Khối thi đua gồm 14 cơ quan tham mưu, giúp việc và đơn vị sự nghiệp của Đảng ở Trung ương.")
        rows = []
        for offset, year in enumerate(range(self.this_year - 5, self.this_year + 1)):
            leader, deputy = agencies[offset % len(agencies)], agencies[(offset + 1) % len(agencies)]
            for agency in agencies:
                role = BlockRole.LEADER if agency == leader else BlockRole.DEPUTY if agency == deputy else BlockRole.MEMBER
                rows.append(BlockMembership(block=block, agency=agency, year=year, role=role))
        BlockMembership.objects.bulk_create(rows)
        return block

    def build(self, *, block_people: int = 5500, na_people: int = 1500) -> "DemoOrganization":
        """The organisation layer of the demo; `thidua.demo` builds every other app's demo on top of it."""
        na, root, leaves = self.agency("VPQH", "Văn phòng Quốc hội", "VPQH", NA_OFFICE_UNITS)
        people = self.people(na, leaves, na_people, "VPQH")
        self.disciplines(people, 12)
        self.accounts(root, people)
        self.current_ratings(people)
        agencies = []
        per_agency = max(block_people // len(BLOCK_AGENCIES), 1)
        for code, name in BLOCK_AGENCIES:
            structure = [(f"{code}-{i + 1}", unit_name, []) for i, unit_name in enumerate(BLOCK_UNITS)]
            agency, _, units = self.agency(code, name, code, structure)
            block_staff = self.people(agency, units, per_agency, code,
                                      [(PersonCategory.CADRE, 15), (PersonCategory.CIVIL_SERVANT, 70),
                                       (PersonCategory.PUBLIC_EMPLOYEE, 15)])
            self.disciplines(block_staff, 3)
            agencies.append(agency)
        block = self.block(agencies)
        self.block_account(agencies[-1])
        return DemoOrganization(agency=na, root=root, people=people, block_agencies=agencies, block=block)


@dataclass
class DemoOrganization:
    agency: Agency
    root: Unit
    people: list[Person]
    block_agencies: list[Agency]
    block: EmulationBlock
