"""Out-of-domain checks: outside annotated news converted into Document records, and the
evaluation of the baselines (trained on the release) on them (issue 17, item 4)."""
