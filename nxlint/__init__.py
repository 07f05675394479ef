"""nxlint: lint naltrexone marketing and blog drafts before they ship.

This module stays import-light on purpose: ``nxlint --help`` and ``--version`` must not
pay for spaCy.
"""

__version__ = "0.1.0"
