"""read_file: text, HTML (with offsets into the source), docx and PDF, and their failures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policykg.loaders import LoadError, load
from policykg.loaders.formats import read_file

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")  # Debian fonts-wqy-zenhei

HTML = """<!DOCTYPE html>
<html><head><title>页面标题</title><style>p { color: red; }</style>
<script>var s = "<p>不可见</p>";</script></head>
<body><div class="t">关于印发&lt;行动方案&gt;的通知</div>
<p>一、总体要求</p>
<p>加快&nbsp;人工智能
发展&#12290;支持西安交通大学&amp;西北工业大学。<br>第二行</p>
<table><tr><td>单位</td><td>市科技局</td></tr></table>
</body></html>
"""


def test_text_file_is_read_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("第一行\r\n第二行\n".encode("gb18030"))
    src = read_file(path)
    assert src.original == src.text == "第一行\r\n第二行\n"
    assert src.path == str(path)
    assert src.quote(3, 5) == "\r\n"


def test_html_visible_text_with_offsets_into_the_source(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    src = read_file(path)
    assert src.original == HTML
    assert "不可见" not in src.text and "color" not in src.text and "页面标题" not in src.text
    cleaned = load(path)
    assert cleaned.text.split("\n") == [
        "关于印发<行动方案>的通知",
        "一、总体要求",
        "加快人工智能发展。支持西安交通大学&西北工业大学。",
        "第二行",
        "单位\t市科技局",
    ]
    text = cleaned.text
    i = text.index("<行动方案>的")  # a character from an entity maps to its "&"
    assert cleaned.quote(i, i + 7) == "&lt;行动方案&gt;的"
    i = text.index("加快人工智能发展")
    assert cleaned.quote(i, i + 8) == "加快&nbsp;人工智能\n发展"
    i = text.index("学&西")
    assert cleaned.quote(i, i + 3) == "学&amp;西"
    i = text.index("。支持")
    assert cleaned.quote(i, i + 2) == "&#12290;支"


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("成都市人民政府办公厅关于推动新一代人工智能发展的实施意见")
    document.add_paragraph("一、总体要求")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "牵头单位"
    table.cell(0, 1).text = "市科技局"
    document.add_paragraph("（一）前沿基础研发计划。")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    src = read_file(path)
    assert src.original == src.text == (
        "成都市人民政府办公厅关于推动新一代人工智能发展的实施意见\n一、总体要求\n"
        "牵头单位\t市科技局\n（一）前沿基础研发计划。"
    )


def test_corrupt_docx_is_an_error(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    path = tmp_path / "bad.docx"
    path.write_text("this is not a zip file", encoding="utf-8")
    with pytest.raises(LoadError, match="not a readable .docx file"):
        read_file(path)


PDF_LINES = ["陕西省培育千亿级人工智能", "产业创新集群行动计划", "一、发展现状", "依托西安交",
             "通大学建设重点实验室。"]


@pytest.fixture(scope="module")
def pdf_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A text PDF in Chinese, written once (embedding the CJK font takes a second)."""
    fpdf = pytest.importorskip("fpdf")
    pytest.importorskip("pypdf")
    if not CJK_FONT.exists():
        pytest.skip("needs a CJK font: apt-get install fonts-wqy-zenhei")
    pdf = cjk_pdf(fpdf)
    path = tmp_path_factory.mktemp("pdf") / "plan.pdf"
    pdf.output(str(path))
    return path.read_bytes()


def cjk_pdf(fpdf):
    """An fpdf2 document with one page of PDF_LINES in a CJK font."""
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("cjk", fname=str(CJK_FONT))
    pdf.set_font("cjk", size=12)
    for line in PDF_LINES:
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    return pdf


def test_pdf_text_layer(tmp_path: Path, pdf_bytes: bytes) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf_bytes)
    src = read_file(path)
    assert src.original == src.text == "\n".join(PDF_LINES)
    cleaned = load(path)
    assert cleaned.text.split("\n")[:2] == ["陕西省培育千亿级人工智能产业创新集群行动计划", "一、发展现状"]


def test_truncated_pdf_is_an_error(tmp_path: Path, pdf_bytes: bytes) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(pdf_bytes[:300])
    with pytest.raises(LoadError, match="not a readable PDF") as err:
        read_file(path)
    assert err.value.path == str(path)


def test_not_a_pdf_is_an_error(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    path = tmp_path / "fake.pdf"
    path.write_text("人工智能", encoding="utf-8")
    with pytest.raises(LoadError, match="not a readable PDF"):
        read_file(path)


def test_unsupported_suffix_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="unsupported file type '.csv'"):
        read_file(tmp_path / "a.csv")
    with pytest.raises(LoadError, match="cannot read"):
        read_file(tmp_path / "missing.txt")


# tests/data/word/05_yinchuan.doc is tests/data/plans/05_yinchuan.txt saved as Word 97 by
# LibreOffice (soffice --headless --infilter="Text (encoded):UTF8" --convert-to "doc:MS Word 97").
WORD = Path(__file__).parent / "data" / "word"
PLANS = Path(__file__).parent / "data" / "plans"


def test_an_old_word_file_reads_like_its_text() -> None:
    if shutil.which("antiword") is None:
        pytest.skip("needs Debian's antiword (scripts/test.sh installs it)")
    from policykg.loaders.extract import extract_file

    (doc,) = extract_file(WORD / "05_yinchuan.doc").documents
    (text,) = extract_file(PLANS / "05_yinchuan.txt").documents
    assert doc.title == text.title == "银川市新型储能产业发展实施意见"
    assert [(t.number, t.title, t.units) for t in doc.tasks] == [
        (t.number, t.title, t.units) for t in text.tasks]


def test_a_doc_that_is_not_word_and_a_missing_antiword_are_named(tmp_path, monkeypatch) -> None:
    fake = tmp_path / "fake.doc"
    fake.write_text("不是Word文件", encoding="utf-8")
    if shutil.which("antiword"):
        with pytest.raises(LoadError, match="not a readable .doc file") as err:
            read_file(fake)
        assert err.value.path == str(fake)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LoadError, match=r"needs antiword \(apt-get install antiword\)"):
        read_file(WORD / "05_yinchuan.doc")


def test_an_ofd_file_is_refused_with_advice(tmp_path) -> None:
    path = tmp_path / "notice.ofd"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(LoadError, match="OFD files are not read .* save it as PDF"):
        read_file(path)


def test_pages_without_text_in_a_pdf_are_named_without_the_ocr_extra(tmp_path, monkeypatch,
                                                                      pdf_bytes) -> None:
    import sys

    import fpdf
    from PIL import Image

    from policykg.loaders import pdf as pdf_reader

    document = cjk_pdf(fpdf)
    document.add_page()
    document.image(Image.new("L", (200, 100), 255), x=10, y=10, w=100)
    path = tmp_path / "mixed.pdf"
    document.output(str(path))
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)
    pdf_reader._ocr_engine.cache_clear()
    try:
        source = read_file(path)
    finally:
        pdf_reader._ocr_engine.cache_clear()
    assert source.text.startswith(PDF_LINES[0])
    assert source.notes == ["page(s) 2 have no text layer and were not read: reading it needs "
                            "OCR: pip install 'policykg[ocr]'"]
