.PHONY: run test services stop setup lint bench match-bench serve

# Set up everything and run the app: web, Celery worker and beat, PostgreSQL, Redis, demo data.
run:
	@scripts/run.sh

# Set up everything, lint as `make lint` does, and run every test against the real services.
test:
	@scripts/test.sh $(PYTEST_ARGS)

# Only PostgreSQL and Redis, for running tests from an editor. `make stop` stops them.
services: setup
	@scripts/services.sh start

stop:
	@scripts/services.sh stop

setup:
	@scripts/setup.sh

# Ruff, the layers of STYLE.md, mypy with django-stubs and complete French and Spanish
# catalogues (scripts/lint.sh, which `make test` runs first).
lint: setup
	@scripts/lint.sh

# Time the pages against their floors on a 100,000-member directory (kept in its own database),
# in process and under load through gunicorn.
bench:
	@scripts/bench.sh

# Simulate mentees taking their first suggestion in a synthetic 100,000-member community (in
# memory, no database) and compare with the most a maximum flow could match.
# MATCH_BENCH_MEMBERS changes the population, MATCH_BENCH_POLICIES the policies run.
match-bench: setup
	@.venv/bin/python scripts/match_bench.py

# The app as production runs it: DEBUG off, two gunicorn servers on one address, two Celery
# workers and one beat (Procfile.production).
serve:
	@scripts/serve.sh
