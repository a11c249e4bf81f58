"""Applies the SQL files of $MIGRATIONS in name order, each once, as `migrate up` does in the guide's Job."""
import os
import sys

import weatherdb


def main():
    db = weatherdb.connect(must_exist=False)
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    applied = {row[0] for row in db.execute("SELECT name FROM schema_migrations")}
    folder = os.environ["MIGRATIONS"]
    pending = sorted(f for f in os.listdir(folder) if f.endswith(".sql") and f not in applied)
    for name in pending:
        with open(os.path.join(folder, name)) as f:
            script = f.read()
        try:
            # One transaction per file: a broken file leaves the schema as the previous one left it.
            db.executescript("BEGIN;\n" + script + "\nINSERT INTO schema_migrations VALUES ('" + name
                             + "', datetime('now'));\nCOMMIT;")
        except Exception as e:
            db.rollback()
            sys.exit(f"migration {name} failed: {e}")
        print(f"applied {name}")
    print(f"schema is current ({len(applied) + len(pending)} migrations)")


if __name__ == "__main__":
    main()
