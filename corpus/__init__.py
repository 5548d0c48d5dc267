"""The bundled sample corpus: five public Chinese AI-policy documents."""

from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
