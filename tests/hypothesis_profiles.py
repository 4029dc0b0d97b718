"""Hypothesis profiles: `ci` is derandomized so `make test` gives the same answer on every machine.

- `ci` (the default): a fixed set of examples derived from each test's source, no example database,
  so a run never depends on the machine, the clock, or what an earlier run found.
- `fuzz` (`make fuzz`): random seeds and many more examples, to look for new failures. Reproduce one
  with the `--hypothesis-seed` it prints, then add the example to the test with `@example`.

Choose with `--hypothesis-profile NAME` or `REPORTGEN_HYPOTHESIS_PROFILE=NAME`.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, database=None, max_examples=200, deadline=None, print_blob=True)
settings.register_profile(
    "fuzz",
    derandomize=False,
    database=None,
    max_examples=int(os.environ.get("REPORTGEN_FUZZ_EXAMPLES", "3000")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("REPORTGEN_HYPOTHESIS_PROFILE", "ci"))
