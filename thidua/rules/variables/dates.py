"""Dates of consideration: they pick the law in force."""

from datetime import date

import numpy as np
from openfisca_core.periods import DateUnit
from openfisca_core.variables import Variable

from thidua.rules.entities import Person, Unit


class consideration_date(Variable):
    value_type = date
    entity = Person
    definition_period = DateUnit.YEAR
    label = "Date of consideration; it picks the law in force (default 31 December of the year)"

    def formula(person, period):
        return np.full(person.count, np.datetime64(f"{period.start.year}-12-31"))


class unit_consideration_date(Variable):
    value_type = date
    entity = Unit
    definition_period = DateUnit.YEAR
    label = "Date of consideration of a collective"

    def formula(unit, period):
        return np.full(unit.count, np.datetime64(f"{period.start.year}-12-31"))


