"""``python -m billdiff``."""

import sys

from billdiff.cli import main

sys.exit(main())
