"""The analysis as one run over the stage registry.

- :mod:`~coveragekit.pipeline.stages`: the registry: every per-article stage, every stage
  across articles and every output table, each declared once;
- :mod:`~coveragekit.pipeline.engines`: what runs the per-article stages over chunks (this
  machine's processes, or a Dask cluster);
- :mod:`~coveragekit.pipeline.across`: the stages that look across articles (topics,
  co-occurrence, time series, keyness, agreement, events);
- :mod:`~coveragekit.pipeline.run`: :func:`run_analysis`, the run through the registry;
- :mod:`~coveragekit.pipeline.summary`: ``summary.json``;
- :mod:`~coveragekit.pipeline.outputs`: :func:`analyze` and :func:`write_outputs`.
"""

from .outputs import OUTPUT_FILES, analyze, write_outputs
from .run import Analysis, run_analysis
from .stages import ARTICLE_COLUMNS

__all__ = ["ARTICLE_COLUMNS", "OUTPUT_FILES", "Analysis", "analyze", "run_analysis", "write_outputs"]
