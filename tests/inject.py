"""Inject one realistic translation defect into a bilingual page, for measuring detection.

Each injector takes the page text and a random generator and returns the new
text and the 1-based line of the defect (for a dropped line: the line now in
its place), or ``None`` when the page has nothing of that kind.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from doclint.reader import read_page

Injection = tuple[str, int] | None


@dataclass(frozen=True)
class Injected:
    """A page with one defect injected: its name under the locale root, its text before and after, the
    defect's line, and its English (``None`` when none was asked for)."""

    display: str
    text: str
    new_text: str
    line: int
    english: str | None


def injected_pages(root: Path, locale: str, kind: str, inject: Callable[[str, random.Random], Injection],
                   limit: int, english_root: Path | None = None) -> Iterator[Injected]:
    """Up to ``limit`` pages of ``root`` given one defect each by ``inject``, in an order shuffled by the
    locale and ``kind`` (each page's own random generator seeded by its name and ``kind``), so a
    measurement picks the same pages every time; pages that cannot be read (or, with ``english_root``,
    whose English cannot) or that have nothing to inject are passed over."""
    order = sorted(root.rglob("*.md"))
    random.Random(f"{locale}{kind}").shuffle(order)
    count = 0
    for page in order:
        if count >= limit:
            return
        text = read_page(page).text
        english = read_page(english_root / page.relative_to(root)).text if english_root is not None else None
        if text is None or (english_root is not None and english is None):
            continue
        done = inject(text, random.Random(f"{page.name}{kind}"))
        if done is None:
            continue
        count += 1
        yield Injected(str(page.relative_to(root)), text, done[0], done[1], english)


def new_on_line(before: Counter[tuple[int, str, str]], after: Counter[tuple[int, str, str]], line: int) -> list[str]:
    """The codes of the findings (counted by line, code and message) that ``after`` has more of on ``line``."""
    return [code for (at, code, message), count in after.items() if at == line and count > before[(at, code, message)]]

_PAIR_IN_CELL = re.compile(r'(<span data-ttu-id="[^"]*">)([^<]*)(</span><span class="sxs-lookup">'
                           r'<span data-stu-id="[^"]*">)([^<]*)(</span></span>)')
_JSON_KEY_LINE = re.compile(r'^(\s*)"([A-Za-z@][\w.@]*)"(\s*:\s*)(.+)$')
_ENUM = re.compile(r'"((?:[A-Za-z_][\w.]*\s*\|\s*)+[A-Za-z_][\w.]*)"')


def _fences(lines: list[str], languages: tuple[str, ...]) -> list[tuple[int, int]]:
    """(first body line index, end index exclusive) of each fence in one of the languages."""
    found, index = [], 0
    while index < len(lines):
        match = re.match(r"^\s*```\s*(\w*)", lines[index])
        if match:
            end = index + 1
            while end < len(lines) and not re.match(r"^\s*```\s*$", lines[end]):
                end += 1
            if match.group(1).lower() in languages:
                found.append((index + 1, end))
            index = end + 1
        else:
            index += 1
    return found


def _table_rows(lines: list[str], headers: tuple[str, ...]) -> list[int]:
    """Body row indexes of tables whose first English header cell is one of ``headers``."""
    rows, index = [], 0
    while index + 1 < len(lines):
        if "|" in lines[index] and re.match(r"^\s*\|?\s*:?-{3,}", lines[index + 1]):
            cells = _PAIR_IN_CELL.findall(lines[index])
            first = cells[0][3].strip().lower() if cells else lines[index].strip(" |").split("|")[0].strip().lower()
            index += 2
            while index < len(lines) and "|" in lines[index] and lines[index].strip():
                if first in headers:
                    rows.append(index)
                index += 1
        else:
            index += 1
    return rows


def _column_of(lines: list[str], row: int, header: str) -> int | None:
    header_line = row
    while header_line > 0 and not re.match(r"^\s*\|?\s*:?-{3,}", lines[header_line]):
        header_line -= 1
    english = [m[3].strip().lower() for m in _PAIR_IN_CELL.findall(lines[header_line - 1])]
    return english.index(header) if header in english else None


def altered_json_key(text: str, rng: random.Random) -> Injection:
    lines = text.split("\n")
    choices = [i for a, b in _fences(lines, ("json",)) for i in range(a, b) if _JSON_KEY_LINE.match(lines[i])]
    if not choices:
        return None
    index = rng.choice(choices)
    match = _JSON_KEY_LINE.match(lines[index])
    assert match is not None  # the line was chosen for matching
    lines[index] = f'{match.group(1)}"{match.group(2)}Traduzido"{match.group(3)}{match.group(4)}'
    return "\n".join(lines), index + 1


def dropped_json_line(text: str, rng: random.Random) -> Injection:
    lines = text.split("\n")
    choices = [i for a, b in _fences(lines, ("json",)) for i in range(a, b)
               if _JSON_KEY_LINE.match(lines[i]) and lines[i].rstrip().endswith(",")]
    if not choices:
        return None
    index = rng.choice(choices)
    del lines[index]
    return "\n".join(lines), index + 1


def dropped_enum_member(text: str, rng: random.Random) -> Injection:
    lines = text.split("\n")
    choices = [i for a, b in _fences(lines, ("json",)) for i in range(a, b) if _ENUM.search(lines[i])]
    if not choices:
        return None
    index = rng.choice(choices)
    match = _ENUM.search(lines[index])
    assert match is not None  # the line was chosen for matching
    members = [m.strip() for m in match.group(1).split("|")]
    del members[rng.randrange(len(members))]
    lines[index] = lines[index][: match.start()] + '"' + " | ".join(members) + '"' + lines[index][match.end():]
    return "\n".join(lines), index + 1


def altered_annotation(text: str, rng: random.Random) -> Injection:
    lines = text.split("\n")
    choices = [i for i, line in enumerate(lines) if re.search(r'"blockType"\s*:\s*"\w+"', line)]
    if not choices:
        return None
    index = rng.choice(choices)
    lines[index] = re.sub(r'("blockType"\s*:\s*")(\w+)"', r'\1\2s"', lines[index], count=1)
    return "\n".join(lines), index + 1


def altered_http(text: str, rng: random.Random) -> Injection:
    lines = text.split("\n")
    choices = [i for a, b in _fences(lines, ("http",)) for i in range(a, b)
               if re.match(r"^\s*(GET|POST|PATCH|PUT|DELETE)\s+/\w", lines[i])]
    if not choices:
        return None
    index = rng.choice(choices)
    lines[index] = re.sub(r"(\s/)(\w)", r"\1x\2", lines[index], count=1)
    return "\n".join(lines), index + 1


def _alter_cell(text: str, rng: random.Random, header: str, replacement: Callable[[str], str]) -> Injection:
    lines = text.split("\n")
    candidates = []
    for row in _table_rows(lines, ("property", "name", "parameter", "member", "relationship")):
        column = _column_of(lines, row, header)
        cells = list(_PAIR_IN_CELL.finditer(lines[row]))
        if column is not None and column < len(cells) and re.fullmatch(r"[\w.@]+", cells[column].group(4).strip()):
            candidates.append((row, cells[column]))
    if not candidates:
        return None
    row, cell = rng.choice(candidates)
    new = replacement(cell.group(4).strip())
    lines[row] = lines[row][: cell.start(2)] + new + lines[row][cell.end(2):]
    return "\n".join(lines), row + 1


def translated_property_name(text: str, rng: random.Random) -> Injection:
    return _alter_cell(text, rng, "property", lambda name: "nome" + name[:1].upper() + name[1:] + "Traduzido")


def translated_type(text: str, rng: random.Random) -> Injection:
    return _alter_cell(text, rng, "type", lambda name: "Tipo traduzido")


def dropped_table_row(text: str, rng: random.Random) -> Injection:
    lines = text.split("\n")
    rows = _table_rows(lines, ("property", "name", "parameter", "relationship"))
    if not rows:
        return None
    index = rng.choice(rows)
    del lines[index]
    return "\n".join(lines), index + 1


INJECTORS: dict[str, Callable[[str, random.Random], Injection]] = {
    "altered-json-key": altered_json_key,
    "dropped-json-line": dropped_json_line,
    "translated-property-name": translated_property_name,
    "translated-type": translated_type,
    "dropped-table-row": dropped_table_row,
    "dropped-enum-member": dropped_enum_member,
    "altered-annotation": altered_annotation,
    "altered-http": altered_http,
}


# --- identifiers in prose (issue #15) ---------------------------------------------------------------
# An identifier of a pair's translation (a camelCase name kept verbatim, as the pipeline should) is
# replaced by what machine translation makes of it: a transliteration into the locale's script, or a
# half translation (the first camel part translated).  Written for any locale, not tuned to a page.

_PROSE_PAIR = re.compile(r'(<span data-ttu-id="[^"]*">)([^<]*)(</span><span class="sxs-lookup">'
                         r'<span data-stu-id="[^"]*">)([^<]*)(</span></span>)')
_CAMEL_NAME = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+(?![\w@/-])")
_CAMEL_PART = re.compile(r"[A-Z]?[a-z0-9]+")

# letters to syllables of each script, phonetic-like: enough that no Latin letter is left
_SCRIPTS = {
    "han": dict(zip("abcdefghijklmnopqrstuvwxyz", "阿布克德伊夫格赫伊杰克尔姆恩奥普库尔斯特乌夫沃克伊兹")),
    "cyrillic": dict(zip("abcdefghijklmnopqrstuvwxyz", "абкдефгхийклмнопкрстувwксиз".replace("w", "в"))),
    "katakana": dict(zip("abcdefghijklmnopqrstuvwxyz", "アブクデエフグハイジクルムヌオプクルストウヴワクイズ")),
}
# the first camel part, translated: a real word of the locale for common API words, else a generic noun
_WORDS = {
    "pt": {"drive": "unidade", "planner": "planejador", "display": "exibição", "user": "usuário", "group": "grupo",
           "mail": "correio", "calendar": "calendário", "event": "evento", "message": "mensagem", "list": "lista",
           "item": "item", "team": "equipe", "app": "aplicativo", "device": "dispositivo", "created": "criado",
           "last": "último", "is": "é", "managed": "gerenciado", "access": "acesso", "file": "arquivo",
           "online": "online", "print": "impressão", "content": "conteúdo", "time": "hora", "start": "início",
           "end": "fim", "default": "padrão", "mobile": "móvel", "education": "educação", "chat": "bate-papo",
           "schedule": "agenda", "contact": "contato", "on": "em", "id": "identificação", "directory": "diretório"},
    "de": {"drive": "Laufwerk", "planner": "Planer", "display": "Anzeige", "user": "Benutzer", "group": "Gruppe",
           "mail": "Post", "calendar": "Kalender", "event": "Ereignis", "message": "Nachricht", "list": "Liste",
           "item": "Element", "team": "Team", "app": "App", "device": "Gerät", "created": "Erstellt",
           "last": "Letzte", "is": "Ist", "managed": "Verwaltet", "access": "Zugriff", "file": "Datei",
           "print": "Druck", "content": "Inhalt", "time": "Zeit", "start": "Beginn", "end": "Ende",
           "default": "Standard", "mobile": "Mobil", "education": "Bildung", "schedule": "Zeitplan",
           "contact": "Kontakt", "directory": "Verzeichnis"},
}
_GENERIC = {"pt": "objeto", "de": "Objekt"}
SCRIPT_OF_LOCALE = {"zh": "han", "ja": "katakana", "ru": "cyrillic", "uk": "cyrillic", "bg": "cyrillic"}


def transliterated(name: str, locale: str) -> str:
    """``name`` written in the locale's script, letter by letter (Latin scripts: its words, spaced)."""
    script = SCRIPT_OF_LOCALE.get(locale.split("-")[0].lower())
    if script is None:
        return " ".join(part.lower() for part in _CAMEL_PART.findall(name))
    table = _SCRIPTS[script]
    return "".join(table.get(char.lower(), char) for char in name if not char.isdigit())


def half_translated(name: str, locale: str) -> str:
    """``name`` with its first camel part translated (``driveItem`` → ``unidadeItem``)."""
    parts = _CAMEL_PART.findall(name)
    language = locale.split("-")[0].lower()
    if language in _WORDS:
        word = _WORDS[language].get(parts[0].lower(), _GENERIC[language])
    else:
        word = transliterated(parts[0], locale)
    return word + "".join(parts[1:])


def _prose_sites(lines: list[str], where: str) -> list[tuple[int, int, int, str]]:
    """(line index, start, end, name) of each identifier of the chosen kind in a pair's translation.

    ``where`` is ``bold`` (``**name**``), ``link`` (``[name](…)``) or ``heading`` (a camelCase word of a
    heading); the translation must hold the name verbatim, as its English does.
    """
    sites = []
    in_fence = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or (where == "heading") != line.startswith("#"):
            continue
        for pair in _PROSE_PAIR.finditer(line):
            translated, english = pair.group(2), pair.group(4)
            if where == "bold":
                candidates = [(m.start(1), m.end(1)) for m in re.finditer(r"\*\*([^*]+)\*\*", translated)]
            elif where == "link":
                candidates = [(m.start(1), m.end(1)) for m in re.finditer(r"(?<!!)\[([^\[\]]+)\]\(", translated)]
            else:
                candidates = [(m.start(), m.end()) for m in _CAMEL_NAME.finditer(translated)]
            for start, end in candidates:
                name = translated[start:end]
                if _CAMEL_NAME.fullmatch(name) and re.search(r"(?<![\w])" + re.escape(name) + r"(?![\w])", english) \
                        and translated.count(name) == 1:
                    sites.append((index, pair.start(2) + start, pair.start(2) + end, name))
    return sites


def identifier_injector(where: str, form: str, locale: str) -> Callable[[str, random.Random], Injection]:
    """An injector replacing a ``where`` identifier (bold, link, heading) by its ``form`` (transliterated, half)."""
    change = transliterated if form == "transliterated" else half_translated

    def inject(text: str, rng: random.Random) -> Injection:
        lines = text.split("\n")
        sites = _prose_sites(lines, where)
        if not sites:
            return None
        index, start, end, name = rng.choice(sites)
        lines[index] = lines[index][:start] + change(name, locale) + lines[index][end:]
        return "\n".join(lines), index + 1

    return inject


IDENTIFIER_KINDS = tuple(f"{where}-{form}" for where in ("bold", "link", "heading")
                         for form in ("transliterated", "half"))
