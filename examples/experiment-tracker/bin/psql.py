"""psql, the PostgreSQL client, run for the tracker's scripts against $DATABASE_URL (a Tock Secret's value)."""
import os
import subprocess
import sys


def run(*args, sql_file=None):
    """Runs psql with ON_ERROR_STOP; returns its standard output, or exits with its error."""
    command = ["psql", os.environ["DATABASE_URL"], "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", *args]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("psql failed: " + result.stderr.strip())
    return result.stdout.strip()
