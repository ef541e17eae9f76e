"""Fixtures shared by test files: the loopback server of the fetch tests (tests/fetch_fixtures.py)."""

pytest_plugins = ["fetch_fixtures"]
