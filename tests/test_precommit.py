"""The pre-commit hooks work from this repository (pre-commit try-repo, a real git repo).

Slow (pre-commit builds a virtual environment and installs transfix in it), so it
runs once per session; it needs the package index, as installing transfix does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

PRE_COMMIT = shutil.which("pre-commit", path=os.path.dirname(sys.executable))


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is a test extra")
def test_try_repo_check_and_fix_hooks(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    git(project, "config", "user.email", "t@example.org")
    git(project, "config", "user.name", "t")
    article = project / "article.txt"
    article.write_text("Zhao guibo presided over the meeting.\n", encoding="utf-8")
    clean = project / "clean.txt"
    clean.write_text("Zhao Guibo presided over the meeting.\n", encoding="utf-8")
    git(project, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("TRANSFIX_CACHE_DIR", None)

    def try_repo(hook: str, *files: Path) -> subprocess.CompletedProcess[str]:
        assert PRE_COMMIT is not None
        return subprocess.run(
            [PRE_COMMIT, "try-repo", str(REPO), hook, "--files", *map(str, files)],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )

    passed = try_repo("transfix-check", clean)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    failed = try_repo("transfix-check", article)
    assert failed.returncode == 1
    assert "names/given-lowercase" in failed.stdout
    fixed = try_repo("transfix-fix", article)
    assert fixed.returncode == 1  # pre-commit fails a hook that modified files
    assert article.read_text(encoding="utf-8") == "Zhao Guibo presided over the meeting.\n"
