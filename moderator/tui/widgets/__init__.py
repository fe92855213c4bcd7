"""The panels of the main screen. Each one is told the state and the time and redraws."""
