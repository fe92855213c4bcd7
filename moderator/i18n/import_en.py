"""English words of the written-petitions import (the command line and the timeline)."""

MESSAGES: dict[str, str] = {
    "import_added": (
        "Session {session_id}: {added} added, {skipped} already in the session "
        "({flagged} possible repeats)."
    ),
    "import_nothing_new": (
        "Session {session_id}: 0 added, {skipped} already in the session; nothing was written."
    ),
    "import_row_invalid": "line {line}: {reason}",
    "tl_imported": "Imported {count} written petitions (registrations {first}–{last})",
    "tl_imported_one": "Imported 1 written petition: registration {speaker}, {person} — {topic}",
}
