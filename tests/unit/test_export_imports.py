"""The exports read the domain only: importing them opens no session store."""

from __future__ import annotations

import subprocess
import sys

import pytest

STORE_MODULES = ("tinydb", "fcntl", "moderator.store", "moderator.meeting", "textual")


@pytest.mark.parametrize("module", ["moderator.export", "moderator.domain.record"])
def test_the_exports_load_no_store(module: str) -> None:
    code = (
        f"import sys, {module}\nprint(','.join(m for m in {STORE_MODULES!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_check_sees_the_store_when_it_is_loaded() -> None:
    """The test above can fail: the live meeting does load the store."""
    code = "import sys, moderator.meeting\nprint('tinydb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_the_meeting_module_still_offers_recorded() -> None:
    from moderator.domain.record import Recorded
    from moderator.meeting import Recorded as FromMeeting

    assert FromMeeting is Recorded
