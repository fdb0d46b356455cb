"""The `coach` subcommands, one module per area; each function takes the App and parsed args."""
