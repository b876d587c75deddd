"""nextgen-tui: the Next Gen Sector Partnerships State Strategy Self-Assessment in the terminal."""

__version__ = "0.1.0"
