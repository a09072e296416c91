"""PyInstaller runtime hook: runs in the frozen program before ita_desktop is imported.

PyThaiNLP creates ``~/pythainlp-data`` when it is imported (a folder for corpora it
could download).  The program only reads the word lists bundled with it, so the
frozen program puts PyThaiNLP in read-only mode: nothing is written to the user's
home folder.  (An explicit setting of the user's wins.)
"""

import os

if "PYTHAINLP_READ_ONLY" not in os.environ and "PYTHAINLP_READ_MODE" not in os.environ:
    os.environ["PYTHAINLP_READ_ONLY"] = "1"
