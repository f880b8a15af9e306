"""Every word a user reads exists in French and Arabic, with each language's plurals.

The messages are extracted from the code and templates in memory (Babel's API, with the
project's babel.cfg), not read from messages.pot, so a message added without its
translations fails here even before the catalog template is regenerated.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "survey" / "translations"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}


def not_hidden(dirpath: str) -> bool:
    # Babel skips folders starting with "_" by default, and so missed templates/_macros.
    return not Path(dirpath).name.startswith(".")


def used_messages() -> dict[str | tuple[str, str], str]:
    """Map every msgid in code and templates (a pair for plurals) to where it is used."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(ROOT / "babel.cfg"))
    found: dict[str | tuple[str, str], str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=not_hidden
    ):
        if isinstance(message, tuple):
            message = (message[0], message[1])
        if message[0] if isinstance(message, tuple) else message:
            found.setdefault(message, f"{filename}:{lineno}")
    return found


MESSAGES = used_messages()


def test_extraction_finds_the_messages():
    # Guard against a test that passes because it extracted nothing.
    assert len(MESSAGES) > 200
    assert "Apply filters" in MESSAGES
    assert any(where.startswith("templates/_macros/") for where in MESSAGES.values())
    assert ("response", "responses") in MESSAGES


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_message_is_translated(lang):
    with open(CATALOGS / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale=lang)
    problems = []
    for message, where in sorted(MESSAGES.items(), key=lambda item: item[1]):
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(msgid)
        if entry is None:
            problems.append(f"{where}: missing {message!r}")
        elif entry.fuzzy:
            problems.append(f"{where}: fuzzy {message!r}")
        elif isinstance(message, tuple):
            forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            if not entry.pluralizable or entry.id[1] != message[1]:
                problems.append(f"{where}: not a plural entry in the catalog {message!r}")
            elif len(forms) != catalog.num_plurals or not all(forms):
                problems.append(
                    f"{where}: {catalog.num_plurals} plural forms needed, "
                    f"{sum(map(bool, forms))} given {message!r}"
                )
        elif entry.pluralizable or not entry.string:
            problems.append(f"{where}: untranslated {message!r}")
    assert problems == [], f"{len(problems)} messages not ready in {lang}:\n" + "\n".join(problems)
