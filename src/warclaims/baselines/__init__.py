"""Floors and scikit-learn baselines for the three WarClaims tasks (entities, claims, stance).

Every baseline is an estimator over Documents: `fit(docs)` sets attributes ending in `_`,
`predict(docs)` returns one `records.Layers` per document with code-point spans valid against
schema/submission.schema.json. `registry.BASELINES` names them; `run` fits, tunes, predicts,
writes submissions and scores them.
"""
