"""The commune's clock. The log stores UTC; everything people read (the screen, the timeline,
the documents) shows the same local time, whatever the laptop's own time zone setting is."""

from __future__ import annotations

import datetime as dt

LOCAL_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")
"""Asia/Ho_Chi_Minh: UTC+7 all year (no daylight saving), so a fixed offset is exact. Agendas
carry no time zone yet, so every session uses this one."""


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LOCAL_TZ)


def today() -> dt.date:
    """The commune's date now: the default date of a new session."""
    return dt.datetime.now(LOCAL_TZ).date()
