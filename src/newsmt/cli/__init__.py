"""The `newsmt` command line. Every command works on NEWSMT_HOME (default ./newsmt-data).

One module per command group; importing them registers their commands on `app`.
"""

from newsmt.cli import (  # noqa: F401
    db_commands,
    model_commands,
    names_commands,
    pipeline_commands,
    site_commands,
    tm_commands,
    user_commands,
    worker_commands,
)
from newsmt.cli.common import app

__all__ = ["app"]
