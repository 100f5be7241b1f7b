"""WarClaims: entities, attributed claims and stances in conflict reporting."""

__version__ = "0.1.0"
