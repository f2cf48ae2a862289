"""schemathesis against /openapi.json, on SQLite and PostgreSQL: no 5xx, every response as documented.

A bounded number of examples per operation (``EXAMPLES``), whatever the hypothesis profile, so
the run stays within a minute or two. The server requires a token, so the document's security
scheme is tested too (schemathesis's ``ignored_auth`` check sends requests without it).
``positive_data_acceptance`` is left out: a body the schema allows (any ``filters``) may still be
invalid filters, which the service rightly answers 400 with problem details.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from filterengine.serve import create_app

from .live import KINDS, database, serving

ROOT = Path(__file__).resolve().parents[2]
CLIPS = [json.loads(line) for line in (ROOT / "examples" / "clips.jsonl").read_text(encoding="utf-8").splitlines()[:300]]
TOKEN = "schemathesis-token"
EXAMPLES = 25
WORKFLOWS = 6
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
    checks.negative_data_rejection,
    checks.ignored_auth,
    checks.unsupported_method,
]


@pytest.fixture(params=KINDS)
def api(request: pytest.FixtureRequest, tmp_path: Path):
    with database(request.param, tmp_path) as url:
        with serving(create_app(url, migrate=True, catalog=CLIPS, token=TOKEN)) as base:
            yield schemathesis.openapi.from_url(f"{base}/openapi.json", headers={"Authorization": f"Bearer {TOKEN}"})


def test_every_response_conforms(api):
    # Each operation in turn, through hypothesis directly (schemathesis's pytest plugin needs a pytest
    # older than this one for a schema that comes from a fixture).
    operations = [result.ok() for result in api.get_all_operations()]
    labels = {op.label for op in operations}
    assert {f"{m} {p}{s}" for p in ("/sapi/cliplist", "/sapi/playlist") for m, s in
            (("PUT", ""), ("GET", ""), ("GET", "/{cliplist_id}"), ("DELETE", "/{cliplist_id}"))} <= labels
    assert "GET /clip/draft_info" in labels

    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def run(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)

        run()


def test_workflows_conform(api):
    # Stateful: schemathesis chains operations by the document's links (a PUT's id to GET and DELETE
    # by id), so stored lists are read, resolved and deleted, not only unknown ids.
    machine = api.as_state_machine()

    class Workflow(machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {TOKEN}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, headers={"Authorization": f"Bearer {TOKEN}"},
                                   recorder=self.recorder)

    Workflow.run(settings=settings(max_examples=WORKFLOWS, stateful_step_count=5, deadline=None, database=None,
                                   suppress_health_check=list(HealthCheck)))
