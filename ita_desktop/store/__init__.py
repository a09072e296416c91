"""SQLite storage through sqlite-utils: connection, schema migrations, queries, interchange."""
