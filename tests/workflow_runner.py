"""Runs a workflow job's `run:` steps on this machine, as GitHub's runner would: bash -eo pipefail,
the workflow's, job's and step's env, $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY. Steps that `uses:` an
action are stood in for by what they give the later steps (setup-python's and configure-pages's outputs).

Only `env:` values may hold `${{ }}` expressions (a `run:` holding one would be a script injection);
the few they use are resolved from `context` and the outputs of earlier steps.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")


@dataclass
class Job:
    steps_run: list[str] = field(default_factory=list)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    summary: str = ""


def _resolve(value: str, context: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match[1]
        if name.startswith("steps."):
            _, step, _, key = name.split(".", 3)
            return outputs[step][key]
        return context[name]

    return EXPRESSION.sub(one, str(value))


def _read_outputs(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def run_job(
    workflow: dict,  # type: ignore[type-arg]
    job_name: str,
    cwd: Path,
    env: dict[str, str],
    context: dict[str, str],
    action_outputs: dict[str, dict[str, str]],
    scratch: Path,
) -> Job:
    """Run `job_name`'s steps in `cwd`; `action_outputs` maps an action (owner/name) to its outputs."""
    job = Job()
    spec = workflow["jobs"][job_name]
    base = {**env}
    for source in (workflow.get("env", {}), spec.get("env", {})):
        base.update({k: _resolve(v, context, job.outputs) for k, v in source.items()})
    summary = scratch / f"{job_name}-summary.md"
    for number, step in enumerate(spec["steps"]):
        step_id = step.get("id", f"step{number}")
        if "uses" in step:
            job.outputs[step_id] = dict(action_outputs.get(step["uses"].split("@")[0], {}))
            continue
        assert "${{" not in step["run"], f"an expression inside run: {step['run']}"
        output = scratch / f"{job_name}-{number}.out"
        step_env = {**base, "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)}
        step_env.update({k: _resolve(v, context, job.outputs) for k, v in step.get("env", {}).items()})
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=cwd,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert result.returncode == 0, f"{step.get('name', step['run'])}:\n{result.stdout}\n{result.stderr}"
        job.outputs[step_id] = _read_outputs(output)
        job.steps_run.append(step.get("name", step_id))
    job.summary = summary.read_text(encoding="utf-8") if summary.is_file() else ""
    return job


def clean_env(bin_dir: Path) -> dict[str, str]:
    """A runner's environment: the venv's bin first on the PATH, nothing of this test run's Python."""
    keep = {k: v for k, v in os.environ.items() if k in ("HOME", "LANG", "TMPDIR", "USER")}
    return {**keep, "PATH": f"{bin_dir}{os.pathsep}/usr/bin:/bin", "CI": "true", "GITHUB_ACTIONS": "true"}
