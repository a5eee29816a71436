"""Schemathesis against the OpenAPI document: every generated request (valid or not) gets a 2xx/4xx answer,
never a server error; errors are problem details; the document declares them. Bounded budget."""

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import strategies as st

from thidua.accounts import services

BUDGET = 300  # examples across all operations: well under two minutes


@pytest.fixture
def schema(world):
    """The API through the real WSGI handler. Like Django's test client, keep the handler from closing the test's
    database connection when a request starts or finishes (on PostgreSQL that would end the test's transaction)."""
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


def test_the_openapi_document_declares_problem_details_for_errors(schema):
    document = schema.raw_schema
    assert "Problem" in document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("401", "403", "404", "413", "422", "429"):
                assert status in operation["responses"], (method, path, status)


def test_no_generated_request_causes_a_server_error(schema, world, settings):
    settings.THIDUA_API_ANON_RATE = settings.THIDUA_API_USER_RATE = "100000/m"
    world.person("P1")
    _, raw = services.issue_token(user=world.admin, name="fuzz", scope="write")
    operations = [result.ok() for result in schema.get_all_operations()]
    failures, not_problems = [], []

    @hypothesis.settings(max_examples=BUDGET, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])
    @hypothesis.given(data=st.data())
    def fuzz(data):
        operation = data.draw(st.sampled_from(operations))
        case = data.draw(operation.as_strategy())
        response = case.call(headers={"Authorization": f"Bearer {raw}"})
        if response.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path} {case.path_parameters} {case.query} "
                            f"{str(case.body)[:200]} → {response.status_code}")
        elif response.status_code >= 400:
            headers = {key.lower(): value for key, value in response.headers.items()}
            content_type = headers.get("content-type", [""])
            content_type = content_type[0] if isinstance(content_type, list) else content_type
            if not content_type.startswith("application/problem+json"):
                not_problems.append(f"{case.method} {case.formatted_path} → {response.status_code} {content_type}")

    fuzz()
    assert failures == [], "\n".join(failures[:30])
    assert not_problems == [], "\n".join(not_problems[:30])
