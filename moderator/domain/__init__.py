"""Pure meeting core: agenda, events, state and the fold. No UI, no storage."""
