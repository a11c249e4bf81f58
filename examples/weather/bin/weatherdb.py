"""The weather database the examples' commands share: a SQLite file at $WEATHER_DB."""
import os
import sqlite3
import sys


def connect(must_exist=True):
    path = os.environ["WEATHER_DB"]
    if must_exist and not os.path.exists(path):
        sys.exit(f"{path} does not exist: run the weather-setup workflow first")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    db = sqlite3.connect(path, timeout=30)
    db.execute("PRAGMA foreign_keys = ON")
    return db


def has_table(db, name):
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None
