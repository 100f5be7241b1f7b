"""Metrics of the WarClaims benchmark: pure functions of plain data (docs/METRICS.md).

Every metric keeps integer counts per document (tp/fp/fn or the SemEval-2013 COR/INC/PAR
counts) and derives precision, recall and F1 from summed counts, so a bootstrap resample
of documents is a weighted sum of per-document count rows (see bootstrap.py).
"""
