"""akimstat: statistical reports on Kazakhstan's corps of local akims.

Data flows one way: load -> validate -> counts -> statistics -> tables and charts ->
notebook -> HTML/PDF. Each stage is one module; see README.md for the map.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("akimstat")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
