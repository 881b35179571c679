"""Why a finding is there: a translation defect (``translation``) or an English change since the page was
translated (``drift``).

With the English at handoff (``--handoff``, ``--git``) the answer is certain: the translation rules compare
the page with the English it was made from, and the drift rules (DL4xx) report what changed since.
"""

from __future__ import annotations

TRANSLATION = "translation"
DRIFT = "drift"


def cause_of(code: str) -> str:
    """The cause of a finding of rule ``code`` by default: drift for the drift rules (DL4xx) and a missing
    English page (DL004), translation for every other rule."""
    return DRIFT if code.startswith("DL4") or code == "DL004" else TRANSLATION
