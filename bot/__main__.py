"""`python -m bot` runs the corpusbot command line."""

import sys

from bot.cli import main

sys.exit(main())
