"""Show file system paths as safe, valid UTF-8 text: the one way doclint names a path it did not choose.

A file name can hold any byte but ``/`` and NUL: bytes that are not UTF-8 (Python keeps them as lone
surrogates, which no UTF-8 output can encode), line breaks that forge report lines or GitHub
workflow commands (``::error``, ``::add-mask::``) in whatever reads the output, escape sequences
that drive a terminal.  Every path a report or a message shows goes through :func:`display_path`,
which escapes them the way Python writes them in a string literal:

- an undecodable byte as ``\\xHH`` (``HH`` from ``80`` to ``ff``: bytes below 0x80 always decode);
- ``\\n``, ``\\r`` and ``\\t``, and any other ASCII control character as ``\\xHH`` (``00`` to ``1f``,
  ``7f``);
- a non-ASCII control, line or paragraph separator or bidirectional control (which reorders what
  follows it on screen) as ``\\uHHHH``;
- a backslash as ``\\\\``, so that no two file names are shown alike.

Every other name, and so every ordinary one, is shown unchanged.  The escaped text is stable: the
same path is always shown the same way (in reports, baselines and the cache alike), and two paths
are never shown alike: :func:`path_bytes` reads the escapes back (a SARIF URI needs the real name).

:func:`display_text` escapes a whole message line the same way, backslashes aside (a message is
read, not parsed back into a path).
"""

from __future__ import annotations

import os

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
#: Bidirectional embeddings, overrides and isolates: they reorder the text after them on screen.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
#: Unicode categories escaped: controls, lone surrogates (undecodable bytes), line and paragraph separators.
_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` (with ``/`` separators) as text safe to print on one line, undecodable bytes escaped."""
    text = os.fspath(path)
    if os.sep != "/":
        text = text.replace(os.sep, "/")
    # Fast path: nearly every name is printable and has no backslash (isprintable is false for every
    # character escaped below, and for some that are not, which the slow path keeps).
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_escape(char) for char in text)


def display_text(text: str) -> str:
    """``text`` as one line safe to print: every character :func:`display_path` escapes is escaped,
    except the backslash."""
    if text.isprintable():
        return text
    return "".join(char if char == "\\" else _escape(char) for char in text)


def _escape(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by the file system decoder
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}" if code < 0x20 or code == 0x7F else char
    import unicodedata  # here: an ordinary name never needs it

    if char in _BIDI or unicodedata.category(char) in _CATEGORIES:
        return f"\\u{code:04x}"
    return char


_UNNAMED = {"n": b"\n", "r": b"\r", "t": b"\t", "\\": b"\\"}


def path_bytes(shown: str) -> bytes:
    """The bytes of the path :func:`display_path` showed as ``shown`` (its inverse)."""
    if "\\" not in shown:
        return os.fsencode(shown)
    out = bytearray()
    position = 0
    while position < len(shown):
        char = shown[position]
        kind = shown[position + 1 : position + 2]
        if char != "\\" or not kind:
            out += os.fsencode(char)
            position += 1
        elif kind in _UNNAMED:
            out += _UNNAMED[kind]
            position += 2
        elif kind == "x":
            out.append(int(shown[position + 2 : position + 4], 16))
            position += 4
        else:  # "u"
            out += os.fsencode(chr(int(shown[position + 2 : position + 6], 16)))
            position += 6
    return bytes(out)
