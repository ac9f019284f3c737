"""Django's PostgreSQL backend, with the web request limits of selfhelp.db."""

from contextlib import nullcontext

from django.conf import settings
from django.db.backends.postgresql import base

from . import WATCHDOG_GRACE, web_limits_enabled
from .watchdog import watchdog


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._guarded_execute)

    def get_connection_params(self):
        params = super().get_connection_params()
        if web_limits_enabled():
            milliseconds = int(settings.DB_STATEMENT_TIMEOUT * 1000)
            options = params.get("options", "")
            params["options"] = f"{options} -c statement_timeout={milliseconds}".strip()
        return params

    def _guard(self):
        if not web_limits_enabled() or self.connection is None:
            return nullcontext()
        try:
            fileno = self.connection.fileno()
        except Exception:  # closed or broken: the call itself will say so
            return nullcontext()
        return watchdog.guard(fileno, settings.DB_STATEMENT_TIMEOUT + WATCHDOG_GRACE)

    def _guarded_execute(self, execute, sql, params, many, context):
        with self._guard():
            return execute(sql, params, many, context)

    def is_usable(self):
        with self._guard():
            return super().is_usable()

    def _commit(self):
        with self._guard():
            return super()._commit()

    def _rollback(self):
        with self._guard():
            return super()._rollback()

    def _set_autocommit(self, autocommit):
        with self._guard():
            return super()._set_autocommit(autocommit)
