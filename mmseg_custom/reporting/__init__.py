"""Reports made from a training run's work dir: the run record written while training
(run_record), the curves (curves), the per-class tables in the logs (logs), the recipe read
from the saved config (recipe), and the report itself (report). Imported on demand by
tools/report.py and tools/plot_curves.py; the training hook imports run_record only."""
