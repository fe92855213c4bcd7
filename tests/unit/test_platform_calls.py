"""No POSIX-only call outside the one platform module, so that moderator runs on Windows."""

from __future__ import annotations

import ast
from pathlib import Path

import moderator

PACKAGE = Path(moderator.__file__).parent
PLATFORM_MODULE = PACKAGE / "store" / "platform.py"

# Modules that exist on POSIX only.
POSIX_MODULES = frozenset(
    {"fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "posix", "syslog", "crypt"}
)
# Names of os and signal that Windows lacks (or, for the signals, never delivers).
POSIX_NAMES = {
    "os": frozenset(
        {
            "fdatasync",
            "pread",
            "pwrite",
            "preadv",
            "pwritev",
            "sync",
            "fork",
            "forkpty",
            "killpg",
            "setsid",
            "getsid",
            "setpgid",
            "getpgid",
            "getuid",
            "geteuid",
            "getgid",
            "getegid",
            "setuid",
            "setgid",
            "getgroups",
            "chown",
            "lchown",
            "fchown",
            "fchmod",
            "mkfifo",
            "mknod",
            "statvfs",
            "fstatvfs",
            "posix_fallocate",
            "posix_fadvise",
            "uname",
            "getloadavg",
            "nice",
            "wait3",
            "wait4",
            "WNOHANG",
            "O_DIRECTORY",
            "O_CLOEXEC",
            "O_NOFOLLOW",
            "O_SYNC",
            "O_DSYNC",
            "O_NONBLOCK",
            "O_NOCTTY",
            "O_NOATIME",
        }
    ),
    "signal": frozenset(
        {
            "alarm",
            "pause",
            "setitimer",
            "getitimer",
            "siginterrupt",
            "pthread_kill",
            "pthread_sigmask",
            "sigwait",
        }
    ),
}
# The signals that Windows has too; every other signal.SIG* name is POSIX-only.
PORTABLE_SIGNALS = frozenset(
    {
        "SIGINT",
        "SIGTERM",
        "SIGABRT",
        "SIGFPE",
        "SIGILL",
        "SIGSEGV",
        "SIGBREAK",
        "SIG_DFL",
        "SIG_IGN",
    }
)


def is_posix_only(module: str, name: str) -> bool:
    if module == "signal" and name.startswith("SIG"):
        return name not in PORTABLE_SIGNALS
    return name in POSIX_NAMES.get(module, frozenset())


def posix_calls(source: str) -> list[str]:
    """Each POSIX-only use in ``source``, as ``line: what``."""
    found: list[str] = []
    # The names under which os and signal are bound here (``import os as _os`` too).
    aliases = {"os": "os", "signal": "signal"}
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                root = alias.name.split(".")[0]
                if root in POSIX_MODULES:
                    found.append(f"{node.lineno}: import {alias.name}")
                if root in POSIX_NAMES:
                    aliases[alias.asname or root] = root
        elif isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            if root in POSIX_MODULES:
                found.append(f"{node.lineno}: from {node.module} import …")
            for alias in node.names:
                if root in POSIX_NAMES and is_posix_only(root, alias.name):
                    found.append(f"{node.lineno}: from {root} import {alias.name}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and is_posix_only(aliases[node.value.id], node.attr)
        ):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
        elif (
            # getattr(os, "fdatasync", …) / hasattr(os, "O_DIRECTORY") reach them too.
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "hasattr"}
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in aliases
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and is_posix_only(aliases[node.args[0].id], node.args[1].value)
        ):
            found.append(
                f"{node.lineno}: {node.func.id}({node.args[0].id}, {node.args[1].value!r})"
            )
    return found


def test_no_posix_only_call_outside_the_platform_module() -> None:
    offences = [
        f"{path.relative_to(PACKAGE.parent)}:{found}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != PLATFORM_MODULE
        for found in posix_calls(path.read_text(encoding="utf-8"))
    ]
    assert offences == []


def test_the_platform_module_is_where_they_are() -> None:
    # The scan finds what it must: the platform module itself is full of them.
    found = posix_calls(PLATFORM_MODULE.read_text(encoding="utf-8"))
    assert any("O_DIRECTORY" in item for item in found)
    assert any("fdatasync" in item for item in found)


def test_the_scan_catches_each_kind_of_use() -> None:
    source = """
import fcntl
import os as _os
import signal
from os import pwrite
from termios import tcgetattr
fd = _os.open("x", _os.O_RDONLY | _os.O_DIRECTORY)
_os.fdatasync(fd)
signal.signal(signal.SIGTSTP, handler)
signal.signal(signal.SIGINT, handler)
if hasattr(_os, "getuid"):
    pass
"""
    assert sorted(posix_calls(source)) == sorted(
        [
            "2: import fcntl",
            "5: from os import pwrite",
            "6: from termios import …",
            "7: _os.O_DIRECTORY",
            "8: _os.fdatasync",
            "9: signal.SIGTSTP",
            "11: hasattr(_os, 'getuid')",
        ]
    )
    assert posix_calls("import os\nos.open('x', os.O_RDONLY)\nos.fsync(3)\n") == []
