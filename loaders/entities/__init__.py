"""Recognise the universities, institutes, companies, platforms, industries and places that a
cleaned policy text names.

Recognition needs no model: curated dictionaries shipped in ``loaders/data`` (universities,
institutes, companies, industries, administrative divisions and development zones, each with
its short forms) and patterns for names the dictionaries do not know (X大学, X研究所,
X有限公司, X重点实验室, X创新中心, <city>高新区 …) are matched in one pass of a multi-pattern
automaton (ahocorasick-rs), built once and cached; the word lists of these patterns and of the
host cues are data too (``loaders/data/name_rules.json``, each list described there). Where
candidates overlap, the longest wins; a host named at the start of a platform's name
("西安交通大学…全国重点实验室") is kept as a mention of its own and tied to the platform, as
is a host that the sentence ties to it ("依托X建设Y", "支持X、Y等平台建设").

A single line break inside a name (a PDF wrap the cleaner left) does not stop a match: the
mention's span then includes the line break and its ``surface`` omits it.

The modules, in the order a text goes through them: ``vocab`` (word lists and the lexicon),
``text`` (the wrap-joined view), ``candidates`` (names and the choice among them), ``hosts``
(platform hosts and levels), ``recognise`` (the mentions).
"""

from policykg.loaders.entities.recognise import EntityMention, find_entities, jurisdiction_of

__all__ = ["EntityMention", "find_entities", "jurisdiction_of"]
