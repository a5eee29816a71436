"""Who may draft, review and simulate reforms: managers of the drafting unit; reviewers are not the author."""

import rules

from thidua.accounts.rules import is_superuser, manages, sees


@rules.predicate
def is_author(user, reform=None):
    return reform is not None and reform.author_id == user.pk


rules.add_perm("policy.view_reform", is_superuser | sees)  # object: a reform, a simulation or a unit
rules.add_perm("policy.draft_reform", is_superuser | manages)  # object: the drafting unit or the reform
rules.add_perm("policy.review_reform", (is_superuser | manages) & ~is_author)
rules.add_perm("policy.adopt_reform", (is_superuser | manages) & ~is_author)  # separation of duties
rules.add_perm("policy.simulate", is_superuser | manages)  # object: the unit whose people are simulated
