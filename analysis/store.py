"""The results database (SQLite, standard library).

Schema (version 1):

  runs        one row per (run_key, build_id): scenario, build_id, params (canonical JSON
              of what the study set, RngRun included), rng_run, status ok|failed,
              exit_code, wall_s, attempts, metrics (the program's metrics object as JSON,
              nested objects and arrays kept), parameters (the program's own full
              parameters object), error (one line), stderr_tail, host, started_at,
              finished_at.
  run_metrics scalar metrics of ok runs, one row per (run_id, name), for plain SQL.
  run_rows    optional per-run tables (per-flow, time series) collected from CSV files:
              (run_id, tbl, idx, data JSON).
  studies     one row per study name: scenario, spec (JSON), source (the study file),
              build_id and build_policy of its latest sweep, binary path, updated_at.
  study_runs  the run keys of each study (its expansion), with grid point and replication.
  meta        schema_version.

Each finished run is committed on its own (WAL journal), so a killed sweep loses only
the runs that were executing; a row is written only for a finished run, and the
UNIQUE(run_key, build_id) constraint means a run is never stored twice.
"""
import json
import math
import pathlib
import sqlite3
from datetime import datetime, timezone

from .errors import AnalysisError

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  id          INTEGER PRIMARY KEY,
  run_key     TEXT NOT NULL,
  scenario    TEXT NOT NULL,
  build_id    TEXT NOT NULL,
  params      TEXT NOT NULL,
  rng_run     INTEGER NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  exit_code   INTEGER,
  wall_s      REAL,
  attempts    INTEGER NOT NULL DEFAULT 1,
  metrics     TEXT,
  parameters  TEXT,
  error       TEXT,
  stderr_tail TEXT,
  host        TEXT,
  started_at  TEXT,
  finished_at TEXT,
  UNIQUE (run_key, build_id)
);
CREATE INDEX IF NOT EXISTS runs_key ON runs (run_key);
CREATE TABLE IF NOT EXISTS run_metrics (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name   TEXT NOT NULL,
  value  REAL,
  PRIMARY KEY (run_id, name)
);
CREATE TABLE IF NOT EXISTS run_rows (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  tbl    TEXT NOT NULL,
  idx    INTEGER NOT NULL,
  data   TEXT NOT NULL,
  PRIMARY KEY (run_id, tbl, idx)
);
CREATE TABLE IF NOT EXISTS studies (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  scenario     TEXT NOT NULL,
  spec         TEXT NOT NULL,
  source       TEXT,
  build_id     TEXT NOT NULL,
  build_policy TEXT NOT NULL,
  binary       TEXT,
  updated_at   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS study_runs (
  study_id    INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  run_key     TEXT NOT NULL,
  point       INTEGER NOT NULL,
  replication INTEGER NOT NULL,
  PRIMARY KEY (study_id, run_key)
);
"""

#: what a sweep does with runs stored under another build identity
BUILD_POLICIES = ("rerun", "reuse", "error")


def _now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _scalar(v):
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)) and math.isfinite(v):
        return float(v)
    return None


class Store:
    """A results database. Store(path) creates it; Store.open(path) requires it to exist."""

    def __init__(self, path, create=True):
        self.path = pathlib.Path(path)
        if not create and not self.path.exists():
            raise AnalysisError(f"no database at {self.path} (run a sweep first)")
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(self.path), timeout=60, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            version = None
            if self._has_table("meta"):
                row = self.db.execute(
                    "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                version = int(row[0]) if row else None
            elif not create or self._has_any_table():
                raise AnalysisError(f"{self.path} is not a results database of this toolkit")
            if version is not None and version != SCHEMA_VERSION:
                raise AnalysisError(f"{self.path} has schema version {version}, this toolkit "
                                    f"reads version {SCHEMA_VERSION}")
            if create and version is None:
                self.db.execute("PRAGMA journal_mode = WAL")
                with self.tx():
                    for stmt in SCHEMA.split(";"):
                        if stmt.strip():
                            self.db.execute(stmt)
                    self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                                    (str(SCHEMA_VERSION),))
        except sqlite3.DatabaseError as e:
            raise AnalysisError(f"{self.path}: {e}") from None

    @classmethod
    def open(cls, path):
        return cls(path, create=False)

    def close(self):
        self.db.close()

    def _has_table(self, name):
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                               (name,)).fetchone() is not None

    def _has_any_table(self):
        return self.db.execute("SELECT 1 FROM sqlite_master").fetchone() is not None

    def tx(self):
        store = self

        class _Tx:
            def __enter__(self):
                store.db.execute("BEGIN IMMEDIATE")

            def __exit__(self, exc_type, exc, tb):
                store.db.execute("ROLLBACK" if exc_type else "COMMIT")
                return False
        return _Tx()

    # ----------------------------------------------------------------- studies

    def save_study(self, study, spec, runs, build_id, build_policy, binary):
        """Create or update the study's row and its run list; returns the study id."""
        with self.tx():
            self.db.execute(
                "INSERT INTO studies (name, scenario, spec, source, build_id, build_policy, binary,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                " scenario=excluded.scenario, spec=excluded.spec, source=excluded.source,"
                " build_id=excluded.build_id, build_policy=excluded.build_policy,"
                " binary=excluded.binary, updated_at=excluded.updated_at",
                (study.name, study.scenario, json.dumps(spec), study.source,
                 build_id, build_policy, str(binary), _now()))
            sid = self.db.execute("SELECT id FROM studies WHERE name = ?",
                                  (study.name,)).fetchone()[0]
            self.db.execute("DELETE FROM study_runs WHERE study_id = ?", (sid,))
            self.db.executemany("INSERT OR IGNORE INTO study_runs VALUES (?, ?, ?, ?)",
                                [(sid, r.key, r.point, r.replication) for r in runs])
        return sid

    def study_origin(self, name):
        """The file (absolute path) a stored study was last swept from, or None (no such
        study, or a database older than this record)."""
        row = self.db.execute("SELECT spec FROM studies WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        try:
            return json.loads(row[0]).get("origin")
        except (ValueError, AttributeError):
            return None

    def studies(self):
        cur = self.db.execute("SELECT name, scenario, build_id, build_policy, updated_at "
                              "FROM studies ORDER BY name")
        return [dict(zip(("name", "scenario", "build_id", "build_policy", "updated_at"), r))
                for r in cur]

    def study(self, name=None):
        """The study row (dict with spec decoded); name may be omitted if there is one study."""
        if name is None:
            names = [s["name"] for s in self.studies()]
            if not names:
                raise AnalysisError(f"{self.path} holds no study (run a sweep first)")
            if len(names) > 1:
                raise AnalysisError(f"{self.path} holds several studies ({', '.join(names)}): "
                                    f"give --study NAME")
            name = names[0]
        row = self.db.execute("SELECT id, name, scenario, spec, source, build_id, build_policy,"
                              " binary, updated_at FROM studies WHERE name = ?",
                              (name,)).fetchone()
        if row is None:
            raise AnalysisError(f"{self.path} has no study named {name!r}")
        keys = ("id", "name", "scenario", "spec", "source", "build_id", "build_policy",
                "binary", "updated_at")
        d = dict(zip(keys, row))
        d["spec"] = json.loads(d["spec"])
        return d

    # ----------------------------------------------------------------- runs

    def finished(self, keys, build_id):
        """{run_key: status} of runs stored under build_id (None: under any build, ok first)."""
        out = {}
        keys = list(keys)
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            if build_id is None:
                cur = self.db.execute(f"SELECT run_key, status FROM runs WHERE run_key IN ({marks})",
                                      chunk)
            else:
                cur = self.db.execute(f"SELECT run_key, status FROM runs WHERE run_key IN ({marks})"
                                      f" AND build_id = ?", chunk + [build_id])
            for key, status in cur:
                if out.get(key) != "ok":
                    out[key] = status
        return out

    def other_builds(self, keys, build_id):
        """Number of the given runs stored ok under other build identities only."""
        mine = self.finished(keys, build_id)
        anyb = self.finished(keys, None)
        return sum(1 for k, s in anyb.items() if s == "ok" and mine.get(k) != "ok")

    def record(self, run, scenario, build_id, result):
        """Store one finished run (ok or failed) and commit. A run already stored ok under
        this build is never replaced by a later failure; a failure is replaced by a success."""
        metrics = result.get("metrics") if result.get("status") == "ok" else None
        with self.tx():
            old = self.db.execute("SELECT id, status, attempts FROM runs WHERE run_key = ? AND "
                                  "build_id = ?", (run.key, build_id)).fetchone()
            if old is not None and old[1] == "ok":
                return old[0]
            values = (run.key, scenario, build_id, json.dumps(run.params, sort_keys=True),
                      run.rng_run, result["status"], result.get("exit_code"),
                      result.get("wall_s"), json.dumps(metrics) if metrics is not None else None,
                      json.dumps(result.get("parameters")) if result.get("parameters") else None,
                      result.get("error"), result.get("stderr_tail"), result.get("host"),
                      result.get("started_at"), result.get("finished_at"))
            if old is None:
                cur = self.db.execute(
                    "INSERT INTO runs (run_key, scenario, build_id, params, rng_run, status,"
                    " exit_code, wall_s, metrics, parameters, error, stderr_tail, host,"
                    " started_at, finished_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", values)
                run_id = cur.lastrowid
            else:
                run_id = old[0]
                self.db.execute(
                    "UPDATE runs SET run_key=?, scenario=?, build_id=?, params=?, rng_run=?,"
                    " status=?, exit_code=?, wall_s=?, metrics=?, parameters=?, error=?,"
                    " stderr_tail=?, host=?, started_at=?, finished_at=?, attempts=attempts+1"
                    " WHERE id=?", values + (run_id,))
                self.db.execute("DELETE FROM run_metrics WHERE run_id = ?", (run_id,))
                self.db.execute("DELETE FROM run_rows WHERE run_id = ?", (run_id,))
            if metrics:
                self.db.executemany("INSERT INTO run_metrics VALUES (?, ?, ?)",
                                    [(run_id, k, _scalar(v)) for k, v in metrics.items()
                                     if _scalar(v) is not None])
            for tbl, rows in (result.get("table_rows") or {}).items():
                self.db.executemany("INSERT INTO run_rows VALUES (?, ?, ?, ?)",
                                    [(run_id, tbl, i, json.dumps(r)) for i, r in enumerate(rows)])
        return run_id

    def study_runs(self, name=None, all_builds=False):
        """Rows of the study's runs, as dicts; by default only those of the study's build
        (policy rerun/error) or the newest ok row per run (policy reuse)."""
        st = self.study(name)
        cols = ("id", "run_key", "scenario", "build_id", "params", "rng_run", "status",
                "exit_code", "wall_s", "attempts", "metrics", "parameters", "error",
                "stderr_tail", "host", "started_at", "finished_at", "point", "replication")
        sql = ("SELECT r.id, r.run_key, r.scenario, r.build_id, r.params, r.rng_run, r.status,"
               " r.exit_code, r.wall_s, r.attempts, r.metrics, r.parameters, r.error,"
               " r.stderr_tail, r.host, r.started_at, r.finished_at, s.point, s.replication"
               " FROM study_runs s JOIN runs r ON r.run_key = s.run_key WHERE s.study_id = ?")
        args = [st["id"]]
        if not all_builds and st["build_policy"] != "reuse":
            sql += " AND r.build_id = ?"
            args.append(st["build_id"])
        sql += " ORDER BY s.point, s.replication, r.id"
        rows = [dict(zip(cols, r)) for r in self.db.execute(sql, args)]
        if not all_builds and st["build_policy"] == "reuse":
            best = {}
            for r in rows:  # prefer ok, then the study's build, then the newest
                rank = (r["status"] == "ok", r["build_id"] == st["build_id"], r["id"])
                if r["run_key"] not in best or rank > best[r["run_key"]][0]:
                    best[r["run_key"]] = (rank, r)
            rows = sorted((v[1] for v in best.values()),
                          key=lambda r: (r["point"], r["replication"]))
        for r in rows:
            for k in ("params", "metrics", "parameters"):
                r[k] = json.loads(r[k]) if r[k] else None
        return st, rows

    def run_rows(self, run_ids, tbl):
        out = []
        ids = list(run_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out += [(rid, idx, json.loads(data)) for rid, idx, data in self.db.execute(
                f"SELECT run_id, idx, data FROM run_rows WHERE tbl = ? AND run_id IN ({marks})"
                f" ORDER BY run_id, idx", [tbl] + chunk)]
        return out

    def tables(self):
        return [r[0] for r in self.db.execute("SELECT DISTINCT tbl FROM run_rows ORDER BY tbl")]
