"""The one string comparison: the normalized form in which two strings count as the same.

Alignment of offset-free predictions and every string comparison of the metrics (speaker names
and aliases, cues, units) go through :func:`normalize`, so that a string that aligns also
compares equal (:func:`same_text`): Unicode NFC, curly and other quotation marks to straight ones, dashes to
``-``, case folded, runs of white space to one space, ends stripped. The character table maps
one character to one, so offsets computed on a translated text stay valid.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES_SINGLE = "\u2018\u2019\u201a\u201b\u2039\u203a`\u00b4"
_QUOTES_DOUBLE = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u301d\u301e"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_CHAR_TABLE = str.maketrans({**{c: "'" for c in _QUOTES_SINGLE}, **{c: '"' for c in _QUOTES_DOUBLE},
                             **{c: "-" for c in _DASHES}})
_WS_RUN = re.compile(r"\s+")
QUOTATION_MARKS = frozenset("'\"" + _QUOTES_SINGLE + _QUOTES_DOUBLE)


def normalize(s: str) -> str:
    """The normalized form both the text and a predicted string are compared in.

    >>> normalize("  \\u00abForthcoming\\u00a0 VERY  shortly\\u00bb ")
    '"forthcoming very shortly"'
    >>> normalize("Cafe\\u0301") == normalize("CAF\\u00c9")  # NFC, then case folding
    True
    """
    return _WS_RUN.sub(" ", unicodedata.normalize("NFC", s).translate(_CHAR_TABLE).casefold()).strip()


def same_text(a: str, b: str) -> bool:
    """Whether two strings count as the same: equal after :func:`normalize`.

    The one comparison of strings in the scorer: alignment places a string where its normalized
    form occurs, and a predicted speaker name, cue, unit or measured text is right when it is
    the same text as the gold's in this sense.

    Parameters
    ----------
    a, b : str
        The two strings.

    Returns
    -------
    bool
        True when their normalized forms are equal.

    Examples
    --------
    >>> same_text("Sean O\u2019Brien", "sean o'brien"), same_text("per  cent", "Per cent")
    (True, True)
    >>> same_text("US", "U S")
    False
    """
    return normalize(a) == normalize(b)
