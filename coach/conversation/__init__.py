"""A conversation: the pure engine, typed answers, the safety check, the session runner, drafts."""
