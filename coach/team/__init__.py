"""The team review: reading reps' team exports (`coach export --team`) and running the report's
SQL over them. `inputs` finds and checks the files; `engine` is the only module importing duckdb."""
