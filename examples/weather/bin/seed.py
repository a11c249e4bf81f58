"""Loads $LOCATIONS_CSV into the locations table (the guide's seed Job); running it again changes nothing."""
import csv
import os
import sys

import weatherdb


def main():
    db = weatherdb.connect()
    if not weatherdb.has_table(db, "locations"):
        sys.exit("no locations table: migrate has not run")
    with open(os.environ["LOCATIONS_CSV"], newline="") as f:
        rows = [(r["name"], float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(f)]
    with db:
        db.executemany("INSERT INTO locations (name, latitude, longitude) VALUES (?, ?, ?) "
                       "ON CONFLICT (name) DO UPDATE SET latitude = excluded.latitude, longitude = excluded.longitude", rows)
    print(f"seeded {len(rows)} locations")


if __name__ == "__main__":
    main()
