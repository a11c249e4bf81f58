CREATE TABLE readings (
    location_id INTEGER NOT NULL REFERENCES locations(id),
    observed_at TEXT NOT NULL,
    collected_for TEXT NOT NULL,
    temperature REAL NOT NULL,
    wind_speed REAL NOT NULL,
    PRIMARY KEY (location_id, collected_for)
);
CREATE TABLE anomalies (
    location_id INTEGER NOT NULL REFERENCES locations(id),
    observed_at TEXT NOT NULL,
    temperature REAL NOT NULL,
    z_score REAL NOT NULL,
    PRIMARY KEY (location_id, observed_at)
);
