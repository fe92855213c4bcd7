"""English words of the session store's write failures."""

MESSAGES: dict[str, str] = {
    "store_write_failed": "Could not write to the session log; nothing was written ({detail})",
    "store_disk_full": "The disk is full; nothing was written. Free at least {size} and try again ({detail})",
}
