"""The kit's fast kernels, one module each, each beside the plain reference implementation
it must agree with (tests/test_fast_<kernel>.py checks the two on random and demo input).
Domain modules call the kernels and read as the method; the tricks that make them fast
live here."""
