"""Versioned dataset releases: agreement, adjudication, splits, Hugging Face layout, manifests.

Pure logic lives in small modules (agreement, adjudicate, split, features, layout, manifest,
changelog, croissant, stats); only `reader` and `build` touch the file system.
"""
