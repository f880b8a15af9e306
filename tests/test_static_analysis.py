"""Bandit finds nothing in the package (each accepted finding is explained where it is)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bandit_reports_no_issue():
    run = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-r", "survey", "-f", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(run.stdout)
    issues = [
        f"{i['filename']}:{i['line_number']} {i['test_id']} {i['issue_text']}"
        for i in report["results"]
    ]
    assert issues == []
    assert run.returncode == 0
