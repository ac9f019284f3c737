"""Every string a person sees is translated to fr, de and it: no fuzzy entry, no empty one,
the compiled catalogues are those of the sources, and (where GNU gettext is installed, as in CI)
the catalogues hold every string of the code and templates."""

import ast
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["fr", "de", "it"]


def entries(path):
    """The entries of a .po file: dicts of msgctxt, msgid, msgid_plural, msgstr (a list) and
    flags. Enough of the format for our own catalogues (written by makemessages)."""
    found, entry, key = [], None, None

    def flush():
        if entry and "msgid" in entry:
            found.append(entry)

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            flush()
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(key, int):
                entry["msgstr"][key] += value
            else:
                entry[key] += value
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr"):
                key = int(keyword[7:-1]) if "[" in keyword else 0
                entry["msgstr"][key] = value
            else:
                key = keyword
                entry[key] = value
    return [e for e in found if e["msgid"] and not e.get("obsolete")]


def catalogue(language):
    return entries(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_fuzzy_or_empty(language):
    items = catalogue(language)
    assert len(items) > 500
    assert [e["msgid"] for e in items if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in items if not all(e["msgstr"].values())] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_that_of_the_sources(language):
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as compiled:
        messages = gettext.GNUTranslations(compiled)._catalog
    for entry in catalogue(language):
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            for n, text in entry["msgstr"].items():
                assert messages.get((msgid, n)) == text, msgid
        else:
            assert messages.get(msgid) == entry["msgstr"][0], msgid


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext is not installed (apt-get install gettext): .ci/run checks this",
)
def test_the_catalogues_hold_every_string_of_the_site(tmp_path):
    """`make messages` on a copy of the tree adds no string and removes none."""
    copy = tmp_path / "site"
    ignore = shutil.ignore_patterns(".venv", ".pgdata", ".git", "staticfiles", "__pycache__")
    shutil.copytree(ROOT, copy, ignore=ignore)
    command = [sys.executable, "manage.py", "makemessages", "--no-location", "--no-obsolete"]
    command += [f"-l{language}" for language in LANGUAGES]
    command += ["--ignore=.venv", "--ignore=.pgdata", "--ignore=tests"]
    # makemessages never connects: a database nobody serves keeps the embedded one from starting.
    env = {**os.environ, "DATABASE_URL": "postgres://unused@127.0.0.1:1/unused"}
    subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True, timeout=300)
    for language in LANGUAGES:
        fresh = entries(copy / "locale" / language / "LC_MESSAGES" / "django.po")
        ours = {(e.get("msgctxt"), e["msgid"]) for e in catalogue(language)}
        theirs = {(e.get("msgctxt"), e["msgid"]) for e in fresh}
        assert theirs - ours == set(), f"{language}: run make messages and translate these"
        assert ours - theirs == set(), f"{language}: strings no longer used"
