"""The eligibility engine: an OpenFisca country package (entities, variables, dated parameters, YAML tests).

`openfisca test --country-package thidua.rules thidua/rules/tests` runs the legal cases. This module must
not import Django: the engine runs without a database.
"""

from thidua.rules.system import CountryTaxBenefitSystem

__all__ = ["CountryTaxBenefitSystem"]
