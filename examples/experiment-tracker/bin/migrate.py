"""The guide's `python manage.py migrate`: applies migrations/*.sql in name order, each once and in one transaction."""
import os

import psql


def main():
    psql.run("-c", "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
    applied = set(psql.run("-c", "SELECT name FROM schema_migrations").split())
    folder = os.environ["MIGRATIONS"]
    for name in sorted(f for f in os.listdir(folder) if f.endswith(".sql") and f not in applied):
        psql.run("--single-transaction", "-f", os.path.join(folder, name),
                 "-c", f"INSERT INTO schema_migrations (name) VALUES ('{name}')")
        print(f"applied {name}")
    print("schema is current")


if __name__ == "__main__":
    main()
