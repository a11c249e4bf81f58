"""Flags each location's latest reading when its temperature is more than 3 standard deviations from that
location's previous 24 readings (the guide's anomaly detection, in its simplest form)."""
import statistics

import weatherdb

HISTORY = 24
THRESHOLD = 3.0


def main():
    db = weatherdb.connect(must_exist=False)
    if not weatherdb.has_table(db, "readings"):
        print("no readings yet: nothing to check")
        return
    flagged = 0
    locations = [row[0] for row in db.execute("SELECT id FROM locations")]
    for location_id in locations:
        rows = db.execute("SELECT observed_at, temperature FROM readings WHERE location_id = ? "
                          "ORDER BY collected_for DESC LIMIT ?", (location_id, HISTORY + 1)).fetchall()
        if len(rows) < 3:
            continue
        (observed, latest), previous = rows[0], [t for _, t in rows[1:]]
        spread = statistics.pstdev(previous) or 0.1
        z = (latest - statistics.mean(previous)) / spread
        if abs(z) > THRESHOLD:
            flagged += 1
            with db:
                db.execute("INSERT OR REPLACE INTO anomalies VALUES (?, ?, ?, ?)", (location_id, observed, latest, z))
    print(f"checked {len(locations)} locations, {flagged} anomalies")


if __name__ == "__main__":
    main()
