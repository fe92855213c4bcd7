"""English words of a petition that comes back (an issue raised at an earlier meeting): in
the add-speaker form and in the conclusion notice and the minutes."""

MESSAGES: dict[str, str] = {
    "link_date": "{year}-{month:02d}-{day:02d}",
    # What became of the earlier issue.
    "link_concluded_on": "concluded on {date}: {text}",
    "link_no_conclusion": "no conclusion yet",
    "link_assigned": "assigned to {owner}",
    "link_forwarded": "forwarded to {owner}",
    "link_owner_none": "no owner named",
    "link_due": "{action}, due {due}",
    "link_answered": "answered at the meeting",
    "link_noted": "noted, nothing assigned",
    "link_status_none": "no report yet",
    "link_status_in_progress": "in progress (reported {date})",
    "link_status_done": "done on {date}",
    "link_status_forwarded_answered": "answered by the higher level on {date}",
    "link_status_cannot_be_done": "cannot be done (reported {date})",
    "link_status_note": "{status}: {note}",
    "link_overdue": "{status}, {days} days overdue",
    "link_overdue_one": "{status}, 1 day overdue",
    # The add-speaker form.
    "link_similar_title": "Similar issues already raised (Tab, then ↑↓: join one of this session, or link to an earlier session's):",
    "link_form_earlier": "Session of {date}, issue {number}: {summary}",
    "link_form_will_link": "→ Enter: a new issue, LINKED to issue {number} of the meeting of {date}",
    "link_form_can_link": "(Tab, ↑↓ to an earlier session's issue, Enter: link)",
    "link_registered": "{name} linked to issue {number} of the meeting of {date}: recorded on the issue when the petition is called or taken up.",
    # The queue and the current speaker's card.
    "link_flag": "came back",
    "link_card": "Raised at the meeting of {date} (issue {number}): {summary}",
    # The notice and the minutes.
    "link_doc_raised": "Raised at the meeting of {date} (issue {number}), concluded: {conclusion}; outcome: {result}.",
    "link_doc_raised_only": "Raised at the meeting of {date} (issue {number}).",
}
