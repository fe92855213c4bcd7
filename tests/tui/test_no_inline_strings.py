"""Every word the screens show comes from the catalogues (``moderator.i18n``): none is written
inline in a widget, so each exists in Vietnamese and in English."""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import pytest

import moderator.tui

SOURCES = sorted(Path(moderator.tui.__file__).parent.rglob("*.py"))
# Calls whose text argument reaches the screen, and the keyword arguments that do.
SHOWN_CALLS = {"Static", "Label", "Button", "notify", "update", "Option", "Binding"}
SHOWN_KEYWORDS = {"placeholder", "title", "border_title", "description", "tooltip"}


def _docstrings(tree: ast.AST) -> set[int]:
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def _has_words(text: str) -> bool:
    return sum(1 for c in text if c.isalpha()) >= 2


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_the_tui_has_sources() -> None:
    assert any(path.name == "main.py" for path in SOURCES)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_vietnamese_literal_in_the_code(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            letters = [
                c for c in node.value if not c.isascii() and unicodedata.category(c)[0] == "L"
            ]
            assert not letters, f"{path.name}:{node.lineno}: {node.value!r}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_words_written_into_a_widget(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        texts: list[ast.expr] = []
        if _name(node) in SHOWN_CALLS:
            texts.extend(node.args[:1] if _name(node) != "Binding" else node.args[2:3])
        texts.extend(k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS)
        for text in texts:
            if isinstance(text, ast.Constant) and isinstance(text.value, str):
                assert not _has_words(text.value), f"{path.name}:{node.lineno}: {text.value!r}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr in SHOWN_KEYWORDS for t in node.targets
        ):
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                assert not _has_words(value.value), f"{path.name}:{node.lineno}: {value.value!r}"
