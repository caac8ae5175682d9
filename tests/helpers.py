"""Small helpers shared by tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, path, **params) -> int:
    """Number of SQL queries one GET performs (for query-count tests at two sizes)."""
    client.get(path, params)  # warm the session so both measured requests do the same work
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    return len(context)
