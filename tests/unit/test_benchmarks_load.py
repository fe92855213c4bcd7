"""Every benchmark script loads against the code as it is: a renamed or removed name it
imports fails here, not on the day someone measures."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).parents[2] / "benchmarks").glob("*.py"))


@pytest.mark.parametrize("script", BENCHMARKS, ids=[path.stem for path in BENCHMARKS])
def test_the_benchmark_loads(script: Path) -> None:
    namespace = runpy.run_path(str(script), run_name="benchmark_under_test")
    assert namespace  # loaded whole: its imports and definitions, without running it
