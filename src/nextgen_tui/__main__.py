"""``python -m nextgen_tui``: the same as the ``nextgen-tui`` command."""

import sys

from .cli import main

sys.exit(main())
