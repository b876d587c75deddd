from tests.ui.conftest import _utc_and_cwd  # noqa: F401  (fixed clock and folder for UI tests)
