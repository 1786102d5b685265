"""The pipeline: the stage table, the state machine, the stage executor and its two
drivers (the local runner, Celery), and the publication service."""

from newsmt.pipeline.context import PipelineContext
from newsmt.pipeline.runner import LocalRunner, RunReport
from newsmt.pipeline.table import STAGES

__all__ = ["STAGES", "LocalRunner", "PipelineContext", "RunReport"]
