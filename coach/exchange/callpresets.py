"""Each dialer's or CRM's own call-log column names, for `coach import --preset NAME`.

These are the vendors' documented export columns as of 2026, written from each tool's standard
call export or report (named beside each preset), not checked against every version or every
account's custom fields. A preset only changes which names are tried first: every name here is
also one of the common names in callcolumns.SYNONYMS (a test checks it), so the same file is
read without the preset too, and `--map FIELD=COLUMN` overrides both. Names are compared as
callcolumns.key does, so `ActivityDate`, `ACTIVITYDATE` and `activity_date` are one name.
"""

from __future__ import annotations

PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "generic": {},
    # HubSpot: the Calls index export (and a calls report), by the properties' labels:
    # Activity date (hs_timestamp), Call outcome (hs_call_disposition), Call notes
    # (hs_call_body), Call duration, Call status, Associated Contact, Associated Company.
    "hubspot": {"date": ("activity date",), "disposition": ("call outcome",),
                "notes": ("call notes",), "contact": ("associated contact", "associated company")},
    # Salesforce: a Data Loader (or Workbench) export of Task: ActivityDate, CallDisposition,
    # CallDurationInSeconds, CallType, Subject, Status, Description, Who.Name, CreatedDate; and an
    # Activities report by its labels: Date, Call Result, Call Duration, Contact, Comments.
    # Status ("Completed") says the task is done, not how the call went, so it is never read here.
    "salesforce": {"date": ("activity date", "date", "created date"),
                   "disposition": ("call disposition", "call result"),
                   "duration": ("call duration in seconds", "call duration"),
                   "contact": ("who name", "contact", "name", "company account"),
                   "notes": ("description", "comments")},
    # Outreach: the Calls list export and the call resource of its API and data share (dialedAt /
    # DIALED_AT, answeredAt, completedAt, outcome "Answered"/"Not Answered", the call disposition
    # by name, note, direction, prospect). The disposition is read before the outcome.
    "outreach": {"date": ("dialed at",),
                 "disposition": ("call disposition", "call disposition name", "disposition",
                                 "outcome"),
                 "contact": ("prospect", "prospect name"), "notes": ("note",)},
    # Dialpad: the call records CSV of Analytics (and its stats API): call_id, date_started,
    # date_rang, date_connected, date_ended, direction, external_number, name, talk_duration,
    # total_duration, categories ("outgoing,answered", "voicemail"...), disposition (contact
    # centers).
    "dialpad": {"date": ("date started",), "disposition": ("disposition", "categories"),
                "duration": ("talk duration", "total duration"),
                "contact": ("name", "external number")},
    # Aircall: the calls export of the Dashboard and the call object of its API (started_at,
    # answered_at, ended_at, duration, status, direction, raw_digits, contact, tags, comments).
    # A tag such as "Meeting booked" says more than the status "answered": tags are read too.
    "aircall": {"date": ("started at",), "disposition": ("status",), "sentiment": ("tags",),
                "duration": ("duration",), "contact": ("contact", "raw digits"),
                "notes": ("comments",)},
    # RingCentral: the Call Log CSV of the Admin Portal and the app (Type, Phone Number, Name,
    # Date "Mon 11/30/2026", Time "2:05 PM", Action, Action Result, Result Type, Duration
    # "0:01:35"), and the call-log API flattened (startTime, result, duration, to.name).
    "ringcentral": {"date": ("date", "start time"), "time": ("time",),
                    "disposition": ("action result", "result"), "duration": ("duration",),
                    "contact": ("to name", "name", "phone number")},
    # Salesloft: the Calls export and the call resource of its API (created_at, to, duration,
    # disposition "Connected"/"No Answer"..., sentiment "Interested"/"Meeting Booked"...,
    # called_person, note). A sentiment can say more than the disposition: both are read.
    "salesloft": {"date": ("created at", "date"), "disposition": ("disposition",),
                  "sentiment": ("sentiment",), "duration": ("duration",),
                  "contact": ("called person", "to"), "notes": ("note", "notes")},
}
"""Each tool's own column names per field, tried before the common ones."""
