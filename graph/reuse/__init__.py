"""Passage reuse across plans: which sentences and clauses one plan shares with another.

``find_reuse(plans)`` takes each plan's text (:class:`PlanText`) and returns the links
(:class:`ReuseLink`) between alike passages of different plans, with both passages' spans and
quotes in their files. ``plan_texts(paths)`` reads the plans' texts from document files.
"""

from policykg.graph.reuse.engine import THRESHOLD, PlanText, ReuseLink, find_reuse
from policykg.graph.reuse.texts import plan_texts

__all__ = ["THRESHOLD", "PlanText", "ReuseLink", "find_reuse", "plan_texts"]
