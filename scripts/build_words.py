"""Regenerate loaders/data/words.tsv, a Chinese word list with frequencies and part-of-speech
tags, from the dictionary of jieba.

The words, frequencies and tags come from the ``dict.txt`` shipped in the PyPI package
``jieba`` 0.42.1 (MIT licence, (c) 2013 Sun Junyi, https://github.com/fxsjy/jieba). The
runtime reads only the derived TSV, so a build needs neither jieba nor the time jieba takes to
load its whole dictionary (about 1.5 s). Kept: words of one to four characters seen at least
``MIN_FREQ`` times, the part of the dictionary that segments the short phrases around a name.
Usage::

    JIEBA=$(python -c 'import jieba, os; print(os.path.dirname(jieba.__file__))')
    python scripts/build_words.py "$JIEBA/dict.txt" > loaders/data/words.tsv

Output: a header line, then ``word<TAB>frequency<TAB>tag`` a line, in the dictionary's order.
"""

from __future__ import annotations

import sys

MIN_FREQ = 20
MAX_LENGTH = 4


def main(path: str) -> None:
    print("# word\tfrequency\ttag — derived from jieba 0.42.1 dict.txt (MIT) by "
          "scripts/build_words.py; do not edit by hand")
    with open(path, encoding="utf-8") as source:
        for line in source:
            word, freq, tag = line.split()
            if int(freq) >= MIN_FREQ and len(word) <= MAX_LENGTH:
                print(f"{word}\t{freq}\t{tag}")


if __name__ == "__main__":
    main(sys.argv[1])
