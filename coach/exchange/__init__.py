"""Records in and out of Coach: exports (JSON Lines, CSV, Markdown), the JSON import, and the
reader of dialer and CRM call logs.

Above the store (which it reads and fills) and the views (exports render with them); below
the commands. Everything read here comes from outside and is treated as untrusted: validated
and bounded before a record reaches the store.
"""
