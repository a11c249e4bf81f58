"""Fetches the current temperature and wind of every location from an Open-Meteo style API ($WEATHER_API_URL)
and stores one reading per location for this run's nominal time ($TOCK_NOMINAL_TIME, so that a run retried or
backfilled for 10:05 stores 10:05's readings once)."""
import datetime
import json
import os
import sys
import urllib.parse
import urllib.request

import weatherdb


def fetch(latitude, longitude):
    query = urllib.parse.urlencode({"latitude": latitude, "longitude": longitude,
                                    "current": "temperature_2m,wind_speed_10m"})
    with urllib.request.urlopen(os.environ["WEATHER_API_URL"] + "?" + query, timeout=60) as response:
        current = json.load(response)["current"]
    return current["time"], float(current["temperature_2m"]), float(current["wind_speed_10m"])


def main():
    nominal = os.environ.get("TOCK_NOMINAL_TIME") or datetime.datetime.now(datetime.timezone.utc).isoformat()
    db = weatherdb.connect(must_exist=False)
    if not weatherdb.has_table(db, "readings"):
        print("no schema yet: nothing to collect until the weather-setup workflow has run")
        return
    locations = db.execute("SELECT id, name, latitude, longitude FROM locations ORDER BY id").fetchall()
    for location_id, name, latitude, longitude in locations:
        try:
            observed, temperature, wind = fetch(latitude, longitude)
        except Exception as e:
            sys.exit(f"fetching {name} failed: {e}")
        with db:
            db.execute("INSERT OR REPLACE INTO readings VALUES (?, ?, ?, ?, ?)",
                       (location_id, observed, nominal, temperature, wind))
    print(f"collected {len(locations)} readings for {nominal}")


if __name__ == "__main__":
    main()
