from openfisca_core.entities import build_entity

Person = build_entity(
    key="person",
    plural="persons",
    label="A person considered for individual titles and forms",
    is_person=True,
)

Unit = build_entity(
    key="unit",
    plural="units",
    label="A collective (agency or unit) considered for collective titles",
    roles=[{"key": "member", "plural": "members", "label": "Member"}],
)

entities = [Person, Unit]
