"""decode_bytes: every encoding the corpus may come in, and refusals instead of garbage."""

from __future__ import annotations

import random

import pytest

from policykg.loaders import LoadError
from policykg.loaders.decode import decode_bytes

TEXT = "西安市建设国家新一代人工智能创新发展试验区行动方案（2020—2022年）\n（牵头单位：市科技局；配合单位：市发改委）\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),  # without BOM
        TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "utf32", "gb18030", "gbk"],
)
def test_decodes_chinese_in_every_encoding(data: bytes) -> None:
    assert decode_bytes(data, "a.txt") == TEXT


@pytest.mark.parametrize("text", ["配合单位：市科技局", "2. 国内", "网络枢纽。\n\n2. ", "人工智能+"])
def test_short_gbk_texts_are_read_as_gbk(text: str) -> None:
    assert decode_bytes(text.encode("gbk"), "a.txt") == text


def test_ascii_text() -> None:
    assert decode_bytes(b"plain text\n", "a.txt") == "plain text\n"


def test_empty_file_is_an_error() -> None:
    with pytest.raises(LoadError) as err:
        decode_bytes(b"", "empty.txt")
    assert err.value.path == "empty.txt"
    assert err.value.reason == "empty file"
    assert str(err.value) == "empty.txt: empty file"


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_are_refused(seed: int) -> None:
    data = random.Random(seed).randbytes(512)
    with pytest.raises(LoadError, match="cannot decode"):
        decode_bytes(data, "noise.txt")


def test_binary_with_nul_bytes_is_refused() -> None:
    with pytest.raises(LoadError, match="cannot decode"):
        decode_bytes(b"\x00\x01\x02PK\x03\x04" * 40, "x.txt")


def test_bad_bytes_after_a_bom_are_refused() -> None:
    with pytest.raises(LoadError, match="cannot decode"):
        decode_bytes(b"\xef\xbb\xbf" + TEXT.encode("gb18030"), "bom.txt")
