"""Looking back, as pure functions over records: stats, periods, queries, patterns and their parts."""
