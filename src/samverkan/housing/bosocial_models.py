"""(Being built: the tables of this part of housing safety.)"""

from __future__ import annotations
