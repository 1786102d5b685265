import sys

from newsmt.cli import app

sys.exit(app())
