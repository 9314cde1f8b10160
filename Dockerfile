# Levend for production: PostgreSQL through LEVEND_DATABASE_URL, migrations at start, then
# `levend serve`: a gunicorn master that forks uvicorn workers (WEB_CONCURRENCY, one per core).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    LEVEND_ENV=production
# glibc gives every thread its own malloc arena; two keep a worker's memory from growing with
# its thread pool.
ENV MALLOC_ARENA_MAX=2

WORKDIR /srv/levend
RUN useradd --create-home --uid 10001 levend

COPY pyproject.toml README.md LICENSE alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY questionnaires ./questionnaires
COPY templates ./templates
COPY static ./static
# Editable, so the app finds templates/, static/ and migrations/ beside its package.
RUN pip install --upgrade pip && pip install -e .

USER levend
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
# Migrate, load the built-in questionnaire sets (unchanged ones are skipped), then serve.
CMD ["sh", "-c", "levend migrate && levend load && exec levend serve --host 0.0.0.0 --port 8000 --workers ${WEB_CONCURRENCY:-2}"]
