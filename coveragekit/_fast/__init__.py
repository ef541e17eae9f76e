"""The fast kernels: each says *how fast* one step of the method is computed, and has its
plain reference beside it (in the same module, or named in its docstring: a direct,
obviously correct rendering of the method, or the library the kit reproduces) and an
agreement test in ``tests/test_fast_<kernel>.py`` on random and demo inputs. The domain
modules call the kernels and read as the method.
"""
