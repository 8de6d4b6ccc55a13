"""`python -m hypernet` runs the command line."""

import sys

from hypernet.cli import main

sys.exit(main())
