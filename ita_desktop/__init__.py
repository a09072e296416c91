"""ITA Desktop: the ITA documents of a Thai local government office, offline."""

import os
import time

__version__ = "0.1.0"
#: ``time.monotonic()`` when the package was first imported: the program's start, for "window shown in X s".
START = time.monotonic()

# PyThaiNLP creates ``~/pythainlp-data`` when imported (a folder for corpora it could download).
# The program only reads the word lists installed with it, so PyThaiNLP runs read-only: nothing is
# written to the clerk's home folder, from a checkout, a wheel or the bundle alike. A setting of the
# user's own wins.
if "PYTHAINLP_READ_ONLY" not in os.environ and "PYTHAINLP_READ_MODE" not in os.environ:
    os.environ["PYTHAINLP_READ_ONLY"] = "1"
