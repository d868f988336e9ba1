"""CI that runs a pull request's code runs it read-only (README, "Pull requests run the code
they bring"): the checker evaluates the expressions a page's comments hold, so a pull request
that edits only Markdown runs code of its author's choosing."""

from __future__ import annotations

import pytest
import yaml

from doccheck.layout import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def pull_request_jobs(workflow: dict) -> dict[str, dict]:
    """The jobs a pull request runs: all, in a workflow it triggers, but those kept off it."""
    triggers = workflow.get(True, workflow.get("on")) or {}  # YAML 1.1 reads `on` as True
    if "pull_request" not in triggers and "pull_request_target" not in triggers:
        return {}
    return {
        name: job
        for name, job in workflow["jobs"].items()
        if "github.event_name != 'pull_request'" not in str(job.get("if", ""))
    }


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_pull_request_jobs_may_only_read(path):
    workflow = yaml.safe_load(path.read_text("utf-8"))
    for name, job in pull_request_jobs(workflow).items():
        granted = job.get("permissions")
        assert isinstance(granted, dict), (
            f"{path.name}: job {name} runs on pull requests without its own permissions; "
            "give it `permissions: contents: read`"
        )
        writes = {scope: level for scope, level in granted.items() if level != "read"}
        assert not writes, f"{path.name}: job {name} runs on pull requests and may write {writes}"
