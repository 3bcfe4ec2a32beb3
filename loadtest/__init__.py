"""`make loadtest`: locust against gunicorn in production mode on PostgreSQL and Redis (see run.py)."""
