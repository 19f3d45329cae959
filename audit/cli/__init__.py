"""The command line (`audit run` in `run`, `audit dedup` in `dedup`): a thin layer over the
library. `audit.cli.run.main` is the `audit` console script."""
