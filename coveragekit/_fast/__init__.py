"""The kit's fast kernels, one module each, each beside its plain reference implementation
(in the same module, or importable next to it) and with a test in
``tests/test_fast_<kernel>.py`` that the two agree on random and demo input. The domain
modules call these kernels and read as the method; how the speed is obtained lives here."""
