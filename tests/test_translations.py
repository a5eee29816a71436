"""The .po catalogues are the single source of the UI text: complete in Vietnamese and English, in step with the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "thidua"
CATALOGUES = {lang: PACKAGE / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("vi", "en")}


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_every_string_is_translated_and_none_is_fuzzy(lang):
    catalogue = polib.pofile(str(CATALOGUES[lang]))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{lang}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """Extract the msgids from a copy of the package, as `make translations` would, and compare."""
    if not shutil.which("xgettext"):
        pytest.skip("gettext tools are not installed")
    copy = tmp_path / "thidua"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    subprocess.run([sys.executable, "-P", "-m", "django", "makemessages", "-l", "vi", "--no-obsolete", "-v0"],
                   cwd=copy, check=True, env={"PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "thidua.settings",
                                              "PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50})
    extracted = {entry.msgid for entry in polib.pofile(str(copy / "locale/vi/LC_MESSAGES/django.po"))}
    for lang, path in CATALOGUES.items():
        known = {entry.msgid for entry in polib.pofile(str(path)) if not entry.obsolete}
        missing = sorted(extracted - known)
        assert not missing, f"{lang}: {len(missing)} strings missing (run `make translations`): {missing[:5]}"
