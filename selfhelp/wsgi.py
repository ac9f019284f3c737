import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selfhelp.settings")
application = get_wsgi_application()

# Serving web requests (gunicorn, runserver): a database that hangs costs seconds (selfhelp/db/).
from selfhelp.db import limit_web_requests  # noqa: E402  (after Django is set up)

limit_web_requests()
