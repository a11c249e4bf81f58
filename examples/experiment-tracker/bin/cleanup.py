"""The guide's scripts/cleanup.py: deletes experiments (and their runs) finished more than olderThanDays ago.
Tock writes the job's payload, {"olderThanDays": 90}, to standard input."""
import json
import sys

import psql


def main():
    days = int(json.load(sys.stdin).get("olderThanDays", 90))
    deleted = psql.run("-c", "WITH gone AS (DELETE FROM experiments WHERE finished_at < now() - make_interval(days => "
                       + str(days) + ") RETURNING id) SELECT count(*) FROM gone")
    print(f"deleted {deleted} experiments finished more than {days} days ago")


if __name__ == "__main__":
    main()
