"""The domain is pure: importing any of its modules loads no UI and no storage library."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import moderator.domain

FORBIDDEN = ("textual", "rich", "tinydb")
MODULES = sorted(
    m.name for m in pkgutil.iter_modules(moderator.domain.__path__, "moderator.domain.")
)


def test_the_domain_has_modules() -> None:
    assert "moderator.domain.state" in MODULES and "moderator.domain.topics" in MODULES


@pytest.mark.parametrize("module", MODULES)
def test_domain_module_imports_no_ui_or_storage(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_domain_loads_no_catalogue() -> None:
    """Domain errors are ``Msg`` values; the words load with the first ``translate``."""
    code = (
        "import sys, moderator.domain.commands, moderator.i18n;"
        "loaded = [m for m in sys.modules if m.startswith('moderator.i18n.')];"
        "assert not loaded, loaded;"
        "moderator.i18n.translate('nothing_to_undo', 'en');"
        "assert 'moderator.i18n.en' in sys.modules and 'moderator.i18n.vi' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
