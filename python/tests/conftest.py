"""Shared fixtures: the repository root, the command-line binary and a runner for it.

The Python results are checked against the command line (``target/release/eibal``, built by
``cargo test --release`` in scripts/test) for the same model, params and seed: the CLI is
the reference, reached through another path (argument parsing, a separate process, its own
JSON printing).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
BRUNEL = "models/brunel2000.ei"


@pytest.fixture(autouse=True)
def _in_repository_root(monkeypatch):
    """Model paths are relative to the repository root, for Python and CLI alike (the
    documents carry the path as given)."""
    monkeypatch.chdir(ROOT)


def cli_path() -> Path:
    path = Path(os.environ.get("EIBAL_CLI", ROOT / "target" / "release" / "eibal"))
    if not path.exists():
        pytest.fail(f"the eibal binary {path} is missing: run `cargo build --release` or scripts/test")
    return path


def cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Runs the command line in the repository root."""
    done = subprocess.run([str(cli_path()), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if check and done.returncode != 0:
        raise AssertionError(f"eibal {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return done


def cli_json(*args: str) -> Dict[str, Any]:
    return json.loads(cli(*args, "--json").stdout)


def without(document: Dict[str, Any], keys: List[str]) -> Dict[str, Any]:
    """The document without wall-clock keys (different in every run)."""
    return {k: v for k, v in document.items() if k not in keys}
