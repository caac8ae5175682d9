"""The live server behind a gate, so that nothing a browser sends after a test has ended reaches the
database pytest-django is about to empty."""

import threading


class LiveServerGate:
    """The live server's application behind a gate that a test closes when it ends. A request that
    comes later — the dialogue form hands its unsaved draft to sendBeacon when the page is left,
    a poll fires once more — is answered 503 without touching the database, and closing waits for
    the requests already running. Such a late request, running during pytest-django's TRUNCATE,
    deadlocked it on PostgreSQL (CI, stop 17). Playwright's request routing did not stop the
    beacon reliably: it goes out while the page unloads."""

    IDLE_WAIT_SECONDS = 10

    def __init__(self, app):
        self._app = app
        self._open = True
        self._running = 0
        self._changed = threading.Condition()

    @classmethod
    def of(cls, live_server):
        server = live_server.thread.httpd
        app = server.get_app()
        if not isinstance(app, cls):
            app = cls(app)
            server.set_app(app)
        return app

    def open(self):
        with self._changed:
            self._open = True

    def close(self):
        with self._changed:
            self._open = False

    def wait_until_idle(self):
        with self._changed:
            self._changed.wait_for(lambda: self._running == 0, timeout=self.IDLE_WAIT_SECONDS)

    def __call__(self, environ, start_response):
        with self._changed:
            if not self._open:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"the test has ended"]
            self._running += 1
        try:
            body = self._app(environ, start_response)
        except BaseException:
            self._finished()
            raise
        return Body(body, self._finished)

    def _finished(self):
        with self._changed:
            self._running -= 1
            self._changed.notify_all()


class Body:
    """A response body that tells the gate when the server has closed it (after the last byte)."""

    def __init__(self, body, finished):
        self._body = body
        self._finished = finished

    def __iter__(self):
        return iter(self._body)

    def close(self):
        try:
            if hasattr(self._body, "close"):
                self._body.close()
        finally:
            self._finished()
