"""Django's PostgreSQL backend, with aware datetimes sent to the server in UTC, and prepared
statements for the hottest paths.

Python accepts UTC offsets up to ±23:59; PostgreSQL refuses any beyond ±15:59 with an error.
A filter or form value such as 2025-01-01T00:00+20:00 is a real instant, so it is converted
to UTC before it reaches the server instead of failing the request.

Django turns prepared statements off (connection poolers such as PgBouncer before 1.21 in
transaction mode cannot keep them). `prepared_cursor()` turns them on for the statements that
ask: the server plans such a statement once per connection instead of on every run, which for
signing a petition is about 40% of the database's work (pgbench, 16 clients: 5,350 against
3,150 signatures a second). The database setting PREPARED_STATEMENTS (env
DATABASE_PREPARED_STATEMENTS) turns it off."""

import datetime

from django.db.backends.postgresql import base, operations
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format


class DatabaseOperations(operations.DatabaseOperations):
    def adapt_datetimefield_value(self, value):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            return value.astimezone(datetime.UTC)
        return super().adapt_datetimefield_value(value)


class PreparedCursor(base.ServerBindingCursor):
    """Server-side parameters, and every statement prepared (once per connection)."""

    def execute(self, query, params=None, *, prepare=True, binary=None):
        return super().execute(query, params, prepare=prepare, binary=binary)


# psycopg prepares nothing, not even when asked, on a connection whose threshold is None
# (Django's default). This threshold is never reached: only the statements run through
# `prepared_cursor()` are prepared.
ONLY_WHEN_ASKED = 2**62


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_connection_params(self):
        params = super().get_connection_params()
        if (
            self.settings_dict.get("PREPARED_STATEMENTS", True)
            and params.get("prepare_threshold") is None
        ):
            params["prepare_threshold"] = ONLY_WHEN_ASKED
        return params

    def prepared_cursor(self):
        """A cursor whose statements the server prepares once per connection; an ordinary
        cursor when PREPARED_STATEMENTS is off. Wrapped as every cursor is (errors turned
        into Django's, queries logged where Django logs them)."""
        if not self.settings_dict.get("PREPARED_STATEMENTS", True):
            return self.cursor()
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            cursor = PreparedCursor(self.connection)
            # as Django's create_cursor(): timestamps read back in the connection's zone
            loader = self.connection.adapters.get_loader(base.TIMESTAMPTZ_OID, Format.TEXT)
            if self.timezone != loader.timezone:
                register_tzloader(self.timezone, cursor)
            return self._prepare_cursor(cursor)
