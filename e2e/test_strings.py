"""The interface strings: Resources/Locales/*.json are written by scripts/strings.py from one table."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_strings_files_are_what_their_table_writes():
    """An edit made in a JSON file instead of the table would be lost the next time the table is written."""
    spec = importlib.util.spec_from_file_location("strings", REPO_ROOT / "scripts" / "strings.py")
    strings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(strings)
    for index, language in enumerate(["nl", "en"]):
        written = json.loads((REPO_ROOT / "Resources" / "Locales" / f"{language}.json").read_text(encoding="utf-8"))
        table = {key: value[index] for key, value in strings.S.items()}
        assert written == table, (
            f"{language}.json differs from scripts/strings.py: "
            f"{sorted(set(written.items()) ^ set(table.items()))[:5]} (edit the table, then run python3 scripts/strings.py)"
        )
