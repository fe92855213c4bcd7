"""English words of the follow-up of conclusions after the dialogue (``moderator followup``)."""

MESSAGES: dict[str, str] = {
    # Domain errors of progress updates.
    "progress_needs_conclusion": "Issue {number} has no conclusion yet: no progress to record.",
    "progress_before_meeting": "The update's date cannot be before the meeting.",
    "progress_in_future": "The update's date cannot be after today.",
    "progress_needs_reason": "Say why it cannot be done.",
    # Statuses.
    "fu_status_in_progress": "In progress",
    "fu_status_done": "Done",
    "fu_status_forwarded_answered": "Forwarded, answered by the higher level",
    "fu_status_cannot_be_done": "Cannot be done",
    "fu_status_none": "No update yet",
    # Timeline line of the event.
    "tl_progress": "Progress on issue {issue}: {status} (on {date}){note}",
}
