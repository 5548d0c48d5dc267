"""The whole read path on arbitrary text: extract_file raises nothing but LoadError, and every
span it returns quotes the file's decoded text exactly where it points."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.loaders import LoadError
from policykg.loaders.extract import Extraction, Span, _file_name, extract_file
from policykg.loaders.formats import read_file

_PIECES = st.sampled_from(
    ["甲市人工智能行动方案", "关于印发", "的通知", "一、", "（一）", "1.", "（1）", "第一章",
     "重点任务", "建设平台。", "西安交通大学", "人工智能研究院", "重点实验室", "依托", "市科技局",
     "（牵头单位：", "；配合单位：", "责任单位：", "、", "，", "等）", "）", "［", "］", "〔",
     "（", "(", ")", "：", "\n", "\n\n", "\r\n", "\u3000", " ", "  \n", "**", "# ", "- ",
     "[链接](#)", "第3页", "2020年3月1日", "市政办发〔2020〕39号", "\t", "。"])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=60).map("".join)


def _spans(extraction: Extraction) -> list[Span]:
    spans = []
    for doc in extraction.documents:
        spans += [span for _, span in doc.issuers]
        spans += [s for task in doc.tasks for s in (task.span, task.annotation)]
        for entity in doc.entities:
            spans += [entity.span] + ([entity.host.span] if entity.host else [])
    return spans


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from([".txt", ".md", ".html"]))
def test_extract_file_never_raises_and_quotes_the_file(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        try:
            extraction = extract_file(path)
        except LoadError as error:
            assert error.path == str(path) and error.reason
            return
        original = read_file(path).original
        for span in _spans(extraction):
            assert span.file == path.name
            assert 0 <= span.start <= span.end <= len(original)
            assert span.quote == original[span.start:span.end]


def test_a_worker_reading_many_files_keeps_a_bounded_name_cache(tmp_path: Path) -> None:
    """Every span names its own file, and a process that reads thousands of files (a Dask
    worker on a national corpus) holds a bounded number of file names, not one per file."""
    text = "乙县数据产业实施意见\n一、建设算力平台。（牵头单位：县工信局；配合单位：县财政局）\n"
    bound = _file_name.cache_info().maxsize
    assert bound is not None
    for n in range(bound + 10):
        path = tmp_path / f"plan{n}.txt"
        path.write_text(text, encoding="utf-8")
        spans = _spans(extract_file(path))
        assert spans and {span.file for span in spans} == {path.name}
    assert _file_name.cache_info().currsize <= bound
