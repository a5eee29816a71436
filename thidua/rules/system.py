from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from thidua.rules import entities
from thidua.rules.inputs import INPUTS

HERE = Path(__file__).parent


class CountryTaxBenefitSystem(TaxBenefitSystem):
    def __init__(self):
        super().__init__(entities.entities)
        for variable in INPUTS:
            self.add_variable(variable)
        self.add_variables_from_directory(str(HERE / "variables"))
        self.load_parameters(str(HERE / "parameters"))


_system = None


def tax_benefit_system() -> CountryTaxBenefitSystem:
    """The engine is immutable once built; build it once per process."""
    global _system
    if _system is None:
        _system = CountryTaxBenefitSystem()
    return _system
