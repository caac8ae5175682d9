"""The browser tests' live-server gate: after a test, a late request (a draft beacon, a poll) must not
reach the database pytest-django is emptying, and the flush waits for the requests still running."""

import threading

import pytest

from tests.e2e.live_server_gate import LiveServerGate


class App:
    def __init__(self):
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        start_response("200 OK", [])
        return [b"ok"]


def call(gate):
    statuses = []
    body = gate({}, lambda status, headers: statuses.append(status))
    return statuses[0], body


def test_a_closed_gate_answers_503_without_calling_the_application():
    app = App()
    gate = LiveServerGate(app)
    gate.close()
    status, body = call(gate)
    assert status.startswith("503")
    assert app.calls == 0
    gate.open()
    status, body = call(gate)
    assert status == "200 OK" and b"".join(body) == b"ok" and app.calls == 1


def test_waiting_for_idle_lasts_until_the_running_response_is_closed():
    gate = LiveServerGate(App())
    _, body = call(gate)
    gate.close()
    waited = threading.Event()
    waiter = threading.Thread(target=lambda: (gate.wait_until_idle(), waited.set()))
    waiter.start()
    assert not waited.wait(0.2)
    body.close()
    waiter.join(5)
    assert waited.is_set()


def test_a_failing_application_does_not_leave_the_gate_waiting():
    def broken(environ, start_response):
        raise RuntimeError("boom")

    gate = LiveServerGate(broken)
    with pytest.raises(RuntimeError):
        call(gate)
    gate.IDLE_WAIT_SECONDS = 0.5
    finished = threading.Event()
    threading.Thread(target=lambda: (gate.wait_until_idle(), finished.set())).start()
    assert finished.wait(0.3)
