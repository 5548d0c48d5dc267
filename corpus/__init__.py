"""The bundled sample corpus: five public Chinese AI-policy documents."""

from importlib.resources import files
from pathlib import Path

# The folder of the documents (a package installed as files, as pip installs it).
CORPUS_DIR = Path(str(files(__name__)))
