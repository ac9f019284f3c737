# syntax=docker/dockerfile:1
# Build:  docker build -t selfhelp .
# Setup:  docker run --env-file .env selfhelp sh -c "python manage.py migrate && python manage.py createcachetable && python manage.py load_reference_data"
# Web:    docker run --env-file .env -p 8000:8000 selfhelp
# Mail:   docker run --env-file .env selfhelp python manage.py run_mail_worker
# Daily:  docker run --env-file .env selfhelp sh -c "python manage.py purge_personal_data && python manage.py ask_for_confirmations && python manage.py send_alerts"

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN python -m venv /venv
COPY requirements.lock ./
RUN /venv/bin/pip install -r requirements.lock
COPY . .
# Static files and translations are built here; no database is needed for either.
RUN DEBUG=false SECRET_KEY=build-only-not-secret-build-only-not-secret-build-only \
    ALLOWED_HOSTS=build DATABASE_URL=postgres://build@localhost/build \
    /venv/bin/python manage.py collectstatic --noinput \
 && /venv/bin/python manage.py compilemessages --ignore=/venv

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 DEBUG=false PATH="/venv/bin:$PATH"
RUN useradd --system --create-home --uid 10001 selfhelp
COPY --from=build /venv /venv
COPY --from=build --chown=selfhelp:selfhelp /app /app
WORKDIR /app
USER selfhelp
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "selfhelp.wsgi:application"]
