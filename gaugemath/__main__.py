"""``python -m gaugemath ...`` runs the command line (same as the ``gaugemath`` script)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
