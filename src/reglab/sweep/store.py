"""One SQLite file per sweep: the sweep file's versions, the chunks, the models.

Only the coordinating process writes, each change in one transaction, so the file is
always consistent: a chunk's models and its state ``done`` are committed together, or not
at all. The journal is in WAL mode, so ``reglab sweep status``, ``sqlite3`` or pandas can
read it while the sweep runs.

Tables
------
``files``
    Every version of the sweep file seen (``version``, ``sha256``: a hash of the validated
    content and of a CSV or NPZ data file's content, ``text``, ``first_seen``).
``plan``
    Which chunks make up each version's plan (``version``, ``chunk_id``).
``chunks``
    ``id`` (the hash of the chunk's content), ``version`` (of the file that first planned
    it), ``stack`` (a label of its shared settings), ``n_models``, ``state`` (``pending``,
    ``running``, ``done``, ``failed``), ``attempts``, ``error``, ``worker``,
    ``reglab_version``, ``submitted``/``started``/``finished`` (Unix times), ``seconds``,
    ``content`` (the chunk as JSON, to run it again).
``models``
    One row per trained model: ``chunk_id``, ``position`` in the chunk, the configuration
    as columns (``layers`` as text such as ``64-64``, ``keep_prob1`` ... per hidden
    layer), ``seed``, ``trial``, ``config_id``, and the results (:data:`MODEL_METRICS`).
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

from reglab.sweep.plan import Chunk, stack_label
from reglab.sweep.worker import MODEL_METRICS

__all__ = ["MODEL_COLUMNS", "Store"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    version INTEGER PRIMARY KEY, sha256 TEXT UNIQUE NOT NULL, text TEXT NOT NULL,
    first_seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS plan (
    version INTEGER NOT NULL, chunk_id TEXT NOT NULL, PRIMARY KEY (version, chunk_id));
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, version INTEGER NOT NULL, stack TEXT NOT NULL,
    n_models INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0, error TEXT, worker TEXT, reglab_version TEXT,
    submitted REAL, started REAL, finished REAL, seconds REAL, content TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS models (
    chunk_id TEXT NOT NULL REFERENCES chunks(id), position INTEGER NOT NULL,
    config_id TEXT NOT NULL, seed INTEGER NOT NULL, trial INTEGER,
    layers TEXT NOT NULL, activation TEXT NOT NULL, optimizer TEXT NOT NULL,
    batch_size INTEGER NOT NULL, epochs INTEGER NOT NULL, early_stopping INTEGER,
    learning_rate REAL NOT NULL, beta REAL, l2 REAL NOT NULL, l1 REAL NOT NULL,
    epochs_run INTEGER, stopped_early INTEGER, diverged INTEGER,
    train_loss REAL, train_accuracy REAL, dev_loss REAL, dev_accuracy REAL,
    test_loss REAL, test_accuracy REAL, weight_norm REAL, zero_fraction REAL, verdict TEXT,
    PRIMARY KEY (chunk_id, position));
"""
MODEL_COLUMNS = (
    ("config_id", "seed", "trial", "layers", "activation", "optimizer", "batch_size")
    + ("epochs", "early_stopping", "learning_rate", "beta", "l2", "l1")
    + MODEL_METRICS
)


class Store:
    """The results database of one sweep (created on first use).

    Parameters
    ----------
    path : str or Path
        The SQLite file, e.g. ``reglab-output/sweeps/NAME/results.sqlite``.
    """

    def __init__(self, path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # autocommit mode: every write below opens its own BEGIN IMMEDIATE ... COMMIT
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        with self.transaction() as db:
            for statement in _SCHEMA.strip().split(";"):
                if statement.strip():
                    db.execute(statement)

    @contextmanager
    def transaction(self):
        """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` if the body raises."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # -- the sweep file and its plan ------------------------------------------------------
    def register(self, sha256: str, text: str, chunks: list[Chunk]) -> int:
        """Record this version of the file and its plan; insert the chunks not yet known.

        Returns the file's version number (1 for the first file, +1 for each change).
        """
        with self.transaction() as db:
            row = db.execute("SELECT version FROM files WHERE sha256 = ?", (sha256,)).fetchone()
            if row is None:
                version = db.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM files").fetchone()
                version = int(version[0])
                db.execute(
                    "INSERT INTO files VALUES (?, ?, ?, ?)", (version, sha256, text, time.time())
                )
            else:
                version = int(row[0])
            self._add_chunks(db, version, chunks)
        return version

    def add_chunks(self, version: int, chunks: list[Chunk]) -> None:
        """Add chunks to version ``version``'s plan (a sampler plans batch after batch)."""
        with self.transaction() as db:
            self._add_chunks(db, version, chunks)

    def _add_chunks(self, db, version: int, chunks: list[Chunk]) -> None:
        for chunk in chunks:
            db.execute(
                "INSERT OR IGNORE INTO chunks (id, version, stack, n_models, content) "
                "VALUES (?, ?, ?, ?, ?)",
                (chunk.id, version, stack_label(chunk.stack), chunk.n_models, _dumps(chunk)),
            )
            db.execute("INSERT OR IGNORE INTO plan VALUES (?, ?)", (version, chunk.id))

    # -- chunk states -----------------------------------------------------------------------
    def states(self, ids) -> dict[str, str]:
        """The state of each of the chunks ``ids``, by id."""
        ids = list(ids)
        found = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = self.db.execute(f"SELECT id, state FROM chunks WHERE id IN ({marks})", part)
            found.update({row["id"]: row["state"] for row in rows})
        return found

    def mark_running(self, chunk_id: str) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE chunks SET state = 'running', attempts = attempts + 1, submitted = ? "
                "WHERE id = ? AND state != 'done'",
                (time.time(), chunk_id),
            )

    def mark_pending(self, chunk_ids) -> None:
        """Chunks in flight when a run stopped go back to pending."""
        with self.transaction() as db:
            for chunk_id in chunk_ids:
                db.execute(
                    "UPDATE chunks SET state = 'pending' WHERE id = ? AND state = 'running'",
                    (chunk_id,),
                )

    def record_error(self, chunk_id: str, error: str, final: bool) -> None:
        """A chunk's training raised: keep the error; ``final`` marks it failed."""
        with self.transaction() as db:
            db.execute(
                "UPDATE chunks SET error = ?, state = ? WHERE id = ? AND state != 'done'",
                (error, "failed" if final else "pending", chunk_id),
            )

    def record_done(self, chunk: Chunk, result: dict) -> bool:
        """Store a chunk's models and mark it done, in one transaction.

        Returns False (and stores nothing) if the chunk was already done, so that no model
        is ever stored twice.
        """
        with self.transaction() as db:
            row = db.execute("SELECT state FROM chunks WHERE id = ?", (chunk.id,)).fetchone()
            if row is not None and row["state"] == "done":
                return False
            self._insert_models(db, chunk, result["models"])
            db.execute(
                "UPDATE chunks SET state = 'done', error = NULL, worker = ?, reglab_version = ?, "
                "started = ?, finished = ?, seconds = ? WHERE id = ?",
                (
                    result["worker"],
                    result["reglab_version"],
                    result["started"],
                    result["finished"],
                    result["seconds"],
                    chunk.id,
                ),
            )
        return True

    def _insert_models(self, db, chunk: Chunk, rows: list[dict]) -> None:
        hidden = max(len(m["keep_prob"]) for m in chunk.models)
        self._keep_prob_columns(db, hidden)
        names = ("chunk_id", "position") + MODEL_COLUMNS
        names += tuple(f"keep_prob{layer + 1}" for layer in range(hidden))
        marks = ",".join("?" * len(names))
        for k, (model, metrics) in enumerate(zip(chunk.models, rows, strict=True)):
            config = chunk.config(k)
            values = {
                **config,
                **model,
                **metrics,
                "chunk_id": chunk.id,
                "position": k,
                "layers": "-".join(map(str, config["layers"])),
            }
            values.update({f"keep_prob{i + 1}": p for i, p in enumerate(model["keep_prob"])})
            db.execute(
                f"INSERT INTO models ({','.join(names)}) VALUES ({marks})",
                [values.get(name) for name in names],
            )

    def _keep_prob_columns(self, db, hidden: int) -> None:
        have = {row[1] for row in db.execute("PRAGMA table_info(models)")}
        for layer in range(1, hidden + 1):
            if f"keep_prob{layer}" not in have:
                db.execute(f"ALTER TABLE models ADD COLUMN keep_prob{layer} REAL")

    # -- reading ----------------------------------------------------------------------------
    def latest_version(self) -> int | None:
        row = self.db.execute("SELECT MAX(version) FROM files").fetchone()
        return None if row[0] is None else int(row[0])

    def file_text(self, version: int) -> str:
        """The text of the sweep file whose plan is ``version`` ('' when none is stored)."""
        row = self.db.execute("SELECT text FROM files WHERE version = ?", (version,)).fetchone()
        return row[0] if row else ""

    def chunk_rows(self, version: int | None = None) -> list[sqlite3.Row]:
        """The chunks of a version's plan (all chunks when ``version`` is None)."""
        if version is None:
            return list(self.db.execute("SELECT * FROM chunks ORDER BY rowid"))
        return list(
            self.db.execute(
                "SELECT chunks.* FROM chunks JOIN plan ON plan.chunk_id = chunks.id "
                "WHERE plan.version = ? ORDER BY chunks.rowid",
                (version,),
            )
        )

    def model_rows(self, version: int | None = None) -> list[dict]:
        """The stored models of a version's plan, each with its chunk's file version."""
        query = (
            "SELECT models.*, chunks.version AS chunk_version FROM models "
            "JOIN chunks ON chunks.id = models.chunk_id"
        )
        args: tuple = ()
        if version is not None:
            query += " JOIN plan ON plan.chunk_id = models.chunk_id WHERE plan.version = ?"
            args = (version,)
        query += " ORDER BY chunks.rowid, models.position"
        return [dict(row) for row in self.db.execute(query, args)]

    def trial_rows(self, version: int, trials) -> list[dict]:
        """The stored models of the sampler's trials ``trials`` in a version's plan."""
        numbers = [int(n) for n in trials]
        marks = ",".join("?" * len(numbers))
        query = (
            "SELECT models.* FROM models JOIN plan ON plan.chunk_id = models.chunk_id "
            f"WHERE plan.version = ? AND models.trial IN ({marks})"
        )
        return [dict(row) for row in self.db.execute(query, [version, *numbers])]


def _dumps(chunk: Chunk) -> str:
    return json.dumps(
        {
            "id": chunk.id,
            "stack": chunk.stack,
            "models": chunk.models,
            "data": chunk.data,
            "split": chunk.split,
        },
        sort_keys=True,
    )


def chunk_from_json(text: str) -> Chunk:
    """A chunk back from the ``content`` column."""
    return Chunk(**json.loads(text))
