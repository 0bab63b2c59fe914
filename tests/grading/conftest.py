"""Markers of the grading tests."""


def pytest_configure(config):
    config.addinivalue_line("markers", "nbgrader: runs the real nbgrader end to end (slow: a minute or more)")
