"""The pipeline: stages, the article state machine and the local runner."""

from newsmt.pipeline.context import PipelineContext
from newsmt.pipeline.runner import LocalRunner, RunReport
from newsmt.pipeline.state import STAGES

__all__ = ["STAGES", "LocalRunner", "PipelineContext", "RunReport"]
