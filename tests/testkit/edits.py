"""One document of the corpus edited as a user would between two builds, for the tests and
benchmarks of incremental loads: a unit of one annotation changed, one task deleted."""

from __future__ import annotations

from pathlib import Path

# Three documents of the corpus; the Chengdu one (004) is the one edited.
DOCUMENTS = ("000_55743e28cf397c9a.txt", "003_639e8bddb50c525d.txt", "004_568e6f9c64701c30.txt")
EDITED = DOCUMENTS[2]
ANNOTATION = "（牵头单位：市投促委；责任单位：市经信委、市新经济委）"
DELETED_TASK = "完善人工智能服务支撑体系"  # the line that starts with it is deleted


def edit_document(path: Path) -> None:
    """Edit a copy of :data:`EDITED` (also one renamed by ``benchmarks/scale.py``): the unit
    市投促委 of :data:`ANNOTATION` becomes 市商务局, the task starting :data:`DELETED_TASK`
    goes."""
    text = path.read_text(encoding="utf-8")
    assert text.count(ANNOTATION) == 1 and text.count("\n" + DELETED_TASK) == 1
    lines = [line for line in text.split("\n") if not line.startswith(DELETED_TASK)]
    path.write_text("\n".join(lines).replace(ANNOTATION, ANNOTATION.replace("市投促委", "市商务局")),
                    encoding="utf-8")
