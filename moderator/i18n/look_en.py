"""English words of the screens' fitting on small terminals, the command palette, the
responder list and the start form's secretary field."""

MESSAGES: dict[str, str] = {
    "look_outcome_short_answered": "Answered",
    "look_outcome_short_assigned": "Assigned",
    "look_outcome_short_forwarded": "Forwarded",
    "look_outcome_short_noted": "Noted",
    "look_col_in_charge": "In charge",
    "look_palette_placeholder": "Search for commands…",
    "look_palette_no_matches": "No matches found",
    "look_responders_title": "Responders in the agenda (↓ to choose, or type another name):",
    "look_responder_choice": "{role} — {name}",
    "look_start_secretary": "Secretary",
}
