"""How scheduled jobs are coordinated and driven: the run ledger, job locks, and the drivers.

``models``: the ``job_run`` ledger and SQLite's ``job_lock`` rows. ``locks``: a job's lock (a
PostgreSQL advisory lock, or a leased row renewed by a heartbeat on SQLite). ``ledger``: tick
claims, run outcomes, abandoned runs. ``drivers``: the one scoring pass and the one rollup of all
(or some) journeys that the scheduler's jobs and the command line both run. The job table itself
is data in ``app.scheduler``.
"""
