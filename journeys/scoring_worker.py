"""One process beside a big import that scores its texts while the importing process stores rows.

Scoring a text (the ``sentiment`` scorer) costs about what storing its row does, so in one
process an import leaves the second core idle. The worker only computes: a fresh interpreter
(the ``spawn`` start method, so no database connection or engine of the parent is inherited)
that builds the scorer once and returns ``TextScore`` results for texts. Storing them stays with
the one scoring pass (``score_responses(..., scores=...)``), so an import scored here stores what
an import scored in-process does. One worker, not one per core: the importing process keeps a
core busy too, and a third process on two cores would only take turns with them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

import sentiment

# Below this many rows the worker's start (an interpreter and the model, about a second) costs
# more than it saves; small imports, and the scheduler's passes, score in their own process.
WORKER_MIN_ROWS = 10_000


def spare_core() -> bool:
    """Whether a core is free for a worker: two or more usable, and the last minute's load
    leaves one idle. On a machine already busy the worker would only take turns with the
    importing process, and its start and the results' transfer would make the import slower
    (measured: about a fifth, at a load of ten on two cores)."""
    cores = len(os.sched_getaffinity(0))
    return cores >= 2 and os.getloadavg()[0] < cores - 0.5


def _warm_up() -> None:
    """Load the lexicon and the model at the worker's start, while the first batch is read."""
    sentiment.score_many(["warm up"])


def _score(texts: list[str]) -> list[sentiment.TextScore]:
    return sentiment.score_many(texts)


class PendingScores:
    """The scores of one batch's texts, being computed by the worker."""

    def __init__(self, texts: list[str], future: Future[list[sentiment.TextScore]]) -> None:
        self._texts = texts
        self._future = future

    def result(self) -> Mapping[str, sentiment.TextScore]:
        """Text → its score, once the worker is done (an error of the worker is raised here)."""
        return dict(zip(self._texts, self._future.result(), strict=True))


class ScoringWorker:
    """A scoring process beside this one; a context manager that stops it on exit."""

    def __init__(self) -> None:
        self._executor = ProcessPoolExecutor(
            1, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_up
        )

    def submit(self, texts: Sequence[str]) -> PendingScores:
        """Start scoring ``texts`` (each distinct text once)."""
        distinct = list(dict.fromkeys(texts))
        return PendingScores(distinct, self._executor.submit(_score, distinct))

    def __enter__(self) -> ScoringWorker:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
