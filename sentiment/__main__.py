"""``python -m sentiment score|eval`` — see :mod:`sentiment.cli`."""

from __future__ import annotations

import sys

from sentiment.cli import main

sys.exit(main())
