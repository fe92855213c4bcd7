"""The durable session log on disk and the data directory."""
