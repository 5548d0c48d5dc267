"""The one rule that tells an institute from a platform for a name ending in 研究院 (or a 院 of
a known organisation, 哈工大机器人合肥院):

  it is a Platform — a new-type R&D institute the plan builds — when a verb that builds stands
  before it in its clause (建设, 组建, 共建, 筹建, 新建, 设立, 打造 …: ``build_verbs`` and
  ``new_build_verbs``), when 建设 follows it or the list it belongs to ("推进A、B等建设"), or
  when its list is closed by a noun for platforms (等平台); otherwise it is an Institute, an
  organisation that exists: relied on (依托X), acting (X牵头), or listed among institutes
  (等高校和科研院所, 等智库).
"""

from __future__ import annotations

from policykg.loaders.entities.lists import closer_at
from policykg.loaders.entities.text import is_name_char
from policykg.loaders.entities.vocab import BUILD_VERBS_BEFORE, BUILT_AFTER
from policykg.loaders.words import segment

CLAUSE_END = "，。；：\n"


def being_built(view: str, start: int, end: int) -> bool:
    """True when the plan builds the research unit at ``view[start:end]`` (see the module)."""
    clause = max(view.rfind(ch, 0, start) for ch in CLAUSE_END) + 1
    if BUILD_VERBS_BEFORE.search(view, clause, start):
        return True
    stop = min((i for i in (view.find(ch, end) for ch in CLAUSE_END) if i != -1),
               default=len(view))
    rest = view[end:stop]
    built = next((rest.find(w) for w in BUILT_AFTER if w in rest), -1)
    if built == 0 or built > 0 and rest[0] in "、等" and _items_only(rest[:built]):
        return True
    at = rest.find("等") if rest[:1] in ("、", "等") else -1
    closer = closer_at(view, end + at) if at != -1 else None
    return closer is not None and closer[1] == "Platform"


def _items_only(text: str) -> bool:
    """True when ``text`` only continues a list of names: no verb, no punctuation."""
    return all(is_name_char(ch) or ch == "、" for ch in text) \
        and not any(w.tag == "v" and len(w.text) > 1 for w in segment(text))
