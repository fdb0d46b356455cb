"""The rep's records on disk: durable, private files, their layout, backups, migrations, import, doctor."""
