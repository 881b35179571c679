"""Glossaries: terms to translate one way, terms never to use, names never to translate (the DL5xx rules).

Two formats are read (the README's "Glossaries" section shows both):

- TBX, v2 "martif" (TBX-Basic: ``termEntry`` / ``langSet`` / ``tig`` or ``ntig`` / ``term``) and v3
  (``conceptEntry`` / ``langSec`` / ``termSec``), with or without namespaces.  A term's
  ``termNote type="administrativeStatus"`` (or ``normativeAuthorization``) says whether it is preferred or
  admitted (approved) or deprecated or superseded (forbidden); a ``note``, ``descrip``, ``termNote`` or
  ``admin`` saying "do not translate" marks the whole entry as a name to keep; ``caseSensitive`` = ``no``
  makes it case-insensitive.  XML is read with lxml by a parser that loads no DTD, resolves no entity and
  uses no network, and a file declaring a DOCTYPE internal subset or an entity is refused before parsing:
  entity expansion and external entities (XXE) cannot happen.
- CSV or TSV (by extension, else by a tab in the header) whose header names a language per column
  (``en,zh-CN,pt-BR``): several terms in a cell are ``|``-separated, a term starting with ``!`` or in a
  column ``<tag>:forbidden`` is forbidden, a column ``dnt`` (``yes``) or a target equal to the English
  marks a name to keep, a column ``note`` may say "do not translate", a column ``case`` = ``insensitive``
  makes the entry case-insensitive.

Every problem is a :class:`GlossaryError` of one line.  A glossary is plain data (picklable); its
:attr:`Glossary.digest` names its content for the result cache.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: A glossary larger than this is refused before it is parsed (real term bases are a few megabytes).
MAX_GLOSSARY_BYTES = 20 * 1024 * 1024
_DNT = re.compile(r"do[ _-]?not[ _-]?translate|\bdnt\b|untranslatable|not[ _-]?translatable", re.IGNORECASE)
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_APPROVED = frozenset({"preferredterm", "admittedterm", "preferred", "admitted"})
_FORBIDDEN = frozenset({"deprecatedterm", "supersededterm", "deprecated", "superseded", "forbidden"})
#: An lxml element (lxml ships no type hints).
Element = Any
_NO = frozenset({"no", "false", "0", "insensitive", "n"})
_YES = frozenset({"yes", "true", "1", "x", "y", "dnt"})


class GlossaryError(Exception):
    """A glossary that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class LocaleTerms:
    """What an entry says for one language tag: approved terms, forbidden terms, whether to keep the English."""

    approved: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    keep: bool = False  # do not translate: the English term stays as it is


@dataclass(frozen=True)
class Entry:
    """One English term and what each language tag says of it."""

    english: str
    locales: tuple[tuple[str, LocaleTerms], ...]  # (language tag, lower-cased; its terms)
    keep_everywhere: bool = False  # a do-not-translate note: the English stays in every locale
    case_sensitive: bool = True
    synonyms: tuple[str, ...] = ()  # the other English terms of its entry (a full name and its short form)

    def for_locale(self, locale: str) -> LocaleTerms | None:
        """The terms for a page of ``locale`` (see :func:`tag_matches`): the exact tag's first, else the
        language's; a do-not-translate entry keeps the English where no tag says otherwise."""
        found = best = None
        for tag, terms in self.locales:
            rank = tag_matches(tag, locale)
            if rank and (best is None or rank > best):
                found, best = terms, rank
        if found is not None:
            if self.keep_everywhere and not found.approved:
                return LocaleTerms((), found.forbidden, True)
            return found
        return LocaleTerms(keep=True) if self.keep_everywhere else None


@dataclass(frozen=True)
class Glossary:
    """The entries of one glossary file, and a digest of its bytes (what the result cache keys on)."""

    name: str
    digest: str
    entries: tuple[Entry, ...] = field(repr=False)


def tag_matches(tag: str, locale: str) -> int:
    """How well glossary language ``tag`` matches a page's ``locale``, case-insensitively: 2 for the same
    tag (``ru-RU``, ``ru-ru``), 1 for a bare language matching any of its regions (``ru`` for ``ru-RU``), else 0."""
    tag, locale = tag.lower().replace("_", "-"), locale.lower().replace("_", "-")
    if not tag or not locale:
        return 0
    if tag == locale:
        return 2
    return 1 if "-" not in tag and locale.split("-", 1)[0] == tag else 0


def load_glossary(path: Path) -> Glossary:
    """Read the glossary at ``path``: TBX when it starts with ``<``, else CSV or TSV."""
    from doclint.reader import FileProblem, read_file

    try:
        data = read_file(path, MAX_GLOSSARY_BYTES)
    except FileProblem as problem:
        raise GlossaryError(f"{path}: {problem.reason}") from None
    return parse_glossary(data, str(path))


def parse_glossary(data: bytes, name: str) -> Glossary:
    """The glossary in ``data`` (a file's bytes), named ``name`` in messages."""
    digest = hashlib.sha256(data).hexdigest()
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise GlossaryError(f"{name}: is UTF-16; save the glossary as UTF-8")
    if head.startswith(b"<"):
        entries = _read_tbx(data, name)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise GlossaryError(f"{name}: is not valid UTF-8 ({error.reason} at byte {error.start})") from None
        if "\x00" in text:
            raise GlossaryError(f"{name}: is binary, not a glossary")
        entries = _read_table(text, name)
    if not entries:
        raise GlossaryError(f"{name}: holds no English term (see the README's Glossaries section for the formats)")
    return Glossary(name, digest, tuple(entries))


# --- TBX ------------------------------------------------------------------------------------------------


def _refuse_entities(data: bytes, name: str) -> None:
    """Refuse a DOCTYPE with an internal subset and any entity declaration, before lxml sees the file."""
    lowered = data.lower()
    if b"<!entity" in lowered:
        raise GlossaryError(f"{name}: declares XML entities; refused (entity expansion and external entities "
                            "are not allowed)")
    start = lowered.find(b"<!doctype")
    if start >= 0:
        end = lowered.find(b">", start)
        if b"[" in lowered[start: end if end >= 0 else len(lowered)]:
            raise GlossaryError(f"{name}: has a DOCTYPE with an internal subset; refused")


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _read_tbx(data: bytes, name: str) -> list[Entry]:
    from lxml import etree

    _refuse_entities(data, name)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        message = str(error).splitlines()[0] if str(error) else "syntax error"
        raise GlossaryError(f"{name}: is not valid XML: {message}") from None
    if _local(root.tag) not in ("martif", "tbx"):
        raise GlossaryError(f"{name}: is XML but not TBX (its root is <{_local(root.tag)}>, not <martif> or <tbx>)")
    for entity in root.iter(etree.Entity):  # declared outside the file (an external DTD): never expanded
        raise GlossaryError(f"{name}: uses the XML entity &{entity.name}; declared outside the file; refused")
    source = root.get(_XML_LANG) or "en"
    entries: list[Entry] = []
    for concept in root.iter():
        if _local(concept.tag) in ("termEntry", "conceptEntry"):
            entries.extend(_tbx_entry(concept, source))
    return entries


def _tbx_entry(concept: Element, source: str) -> list[Entry]:
    keep, case_sensitive = False, True
    english: list[str] = []
    tags: dict[str, LocaleTerms] = {}
    for element in concept.iter():
        local = _local(element.tag)
        kind = (element.get("type") or "").lower()
        if local in ("note", "descrip", "termNote", "admin", "transacNote") and (
                _DNT.search(_text(element)) or _DNT.search(kind)):
            keep = True
        if kind in ("casesensitive", "case-sensitive", "case") and _text(element).lower() in _NO:
            case_sensitive = False
    for section in concept.iter():
        if _local(section.tag) not in ("langSet", "langSec"):
            continue
        tag = (section.get(_XML_LANG) or section.get("lang") or "").strip()
        approved: list[str] = []
        forbidden: list[str] = []
        for term, status in _tbx_terms(section):
            (forbidden if status in _FORBIDDEN else approved).append(term)
        if tag_matches(tag, source) == 2 or tag.lower().split("-")[0] == "en":
            english.extend(approved)
        elif tag:
            tags[tag.lower()] = _merge(tags.get(tag.lower()), approved, forbidden)
    return _entries(english, tags, keep, case_sensitive)


def _tbx_terms(section: Element) -> Iterable[tuple[str, str]]:
    """Each term of a language section with its administrative status (lower-cased, ``-admn-sts`` dropped)."""
    for element in section.iter():
        if _local(element.tag) != "term":
            continue
        text = _text(element)
        if not text:
            continue
        status = ""
        group = element.getparent()
        for sibling in group.iter() if group is not None else ():
            kind = (sibling.get("type") or "").lower()
            if _local(sibling.tag) == "termNote" and kind in ("administrativestatus", "normativeauthorization"):
                status = _text(sibling).lower().removesuffix("-admn-sts")
        yield text, status


def _merge(terms: LocaleTerms | None, approved: list[str], forbidden: list[str]) -> LocaleTerms:
    base = terms or LocaleTerms()
    return LocaleTerms(base.approved + tuple(approved), base.forbidden + tuple(forbidden))


def _entries(english: list[str], tags: dict[str, LocaleTerms], keep: bool, case_sensitive: bool) -> list[Entry]:
    """An entry per English term; a locale whose approved terms are the English term keeps it (do not translate)."""
    result = []
    names = tuple(dict.fromkeys(english))
    for term in names:
        locales = []
        for tag, terms in tags.items():
            same = term in terms.approved or (not case_sensitive and term.lower() in
                                              {approved.lower() for approved in terms.approved})
            locales.append((tag, LocaleTerms((), terms.forbidden, True) if same or (keep and not terms.approved)
                            else terms))
        result.append(Entry(term, tuple(locales), keep, case_sensitive, tuple(name for name in names if name != term)))
    return result


# --- CSV and TSV ----------------------------------------------------------------------------------------


def _read_table(text: str, name: str) -> list[Entry]:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise GlossaryError(f"{name}: is empty (a CSV glossary starts with a header of language codes: en,zh-CN)")
    delimiter = "\t" if name.lower().endswith(".tsv") or (not name.lower().endswith(".csv") and "\t" in lines[0]) \
        else ","
    try:
        rows = list(csv.reader(lines, delimiter=delimiter))
    except csv.Error as error:
        raise GlossaryError(f"{name}: is not valid CSV: {error}") from None
    header = [cell.strip() for cell in rows[0]]
    columns = _columns(header, name)
    english = next((index for index, (tag, role) in enumerate(columns) if role == "" and tag.startswith("en")), None)
    if english is None:
        raise GlossaryError(f"{name}: the header has no English column (like en or en-US): {','.join(header)}")
    entries: list[Entry] = []
    for row in rows[1:]:
        cells = [cell.strip() for cell in row] + [""] * (len(columns) - len(row))
        terms = [term.strip() for term in cells[english].split("|") if term.strip()]
        if not terms:
            continue
        keep, case_sensitive = False, True
        tags: dict[str, LocaleTerms] = {}
        for index, (tag, role) in enumerate(columns):
            cell = cells[index]
            if role == "dnt":
                keep = keep or cell.lower() in _YES
            elif role == "note":
                keep = keep or bool(_DNT.search(cell))
            elif role == "case":
                case_sensitive = cell.lower() not in _NO
            elif index != english and cell:
                parts = [part.strip() for part in cell.split("|") if part.strip()]
                forbidden = [part[1:].strip() for part in parts if part.startswith("!")] if role == "" else parts
                approved = [part for part in parts if not part.startswith("!")] if role == "" else []
                tags[tag] = _merge(tags.get(tag), approved, [term for term in forbidden if term])
        entries.extend(_entries(terms, tags, keep, case_sensitive))
    return entries


def _columns(header: list[str], name: str) -> list[tuple[str, str]]:
    """Each header cell as (language tag lower-cased, role): role "" for terms, "forbidden", or a special column."""
    columns = []
    for cell in header:
        lowered = cell.lower()
        if lowered in ("dnt", "note", "case"):
            columns.append(("", lowered))
            continue
        tag, _, role = lowered.partition(":")
        if not _TAG.match(tag) or role not in ("", "forbidden"):
            raise GlossaryError(f'{name}: the header cell "{cell}" is not a language code (like en, zh-CN, '
                                'pt-BR:forbidden) nor dnt, note or case')
        columns.append((tag, role))
    return columns
