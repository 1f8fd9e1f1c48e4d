"""Django's PostgreSQL backend, with aware datetimes sent to the server in UTC.

Python accepts UTC offsets up to ±23:59; PostgreSQL refuses any beyond ±15:59 with an error.
A filter or form value such as 2025-01-01T00:00+20:00 is a real instant, so it is converted
to UTC before it reaches the server instead of failing the request."""

import datetime

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def adapt_datetimefield_value(self, value):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            return value.astimezone(datetime.UTC)
        return super().adapt_datetimefield_value(value)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
