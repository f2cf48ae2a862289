"""``python -m filterengine``: the same command line as the ``filterengine`` script."""

import sys

from .cli.main import main

if __name__ == "__main__":
    sys.exit(main())
