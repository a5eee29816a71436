"""Fill locale/vi from scripts/vi_translations.py and make locale/en complete (msgstr = msgid).

Run after `thidua makemessages -l vi -l en`; fails when a Vietnamese string is missing.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from vi_translations import PLURALS, VI  # noqa: E402

LOCALE = Path(__file__).resolve().parent.parent / "thidua" / "locale"
ENTRY = re.compile(r'(?P<head>(?:#.*\n)*)msgid (?P<id>"(?:.*)"\n(?:".*"\n)*)(?:msgid_plural (?P<plural>"(?:.*)"\n(?:".*"\n)*))?'
                   r'(?P<strs>(?:msgstr(?:\[\d\])? ".*"\n(?:".*"\n)*)+)')


def unquote(block: str) -> str:
    return "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"')


def quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def fill(lang: str) -> list[str]:
    path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    text = path.read_text(encoding="utf-8")
    missing = []

    def replace(match):
        msgid = unquote(match["id"])
        head = re.sub(r"^#\| .*\n", "", match["head"].replace("#, fuzzy\n", "").replace("#, fuzzy, ", "#, "),
                      flags=re.MULTILINE)
        if not msgid:
            return match.group(0)
        if match["plural"]:
            plural = unquote(match["plural"])
            target = (PLURALS.get(msgid) if lang == "vi" else None)
            if lang == "vi" and target is None:
                missing.append(msgid)
                return match.group(0)
            if lang == "vi":
                return f'{head}msgid {match["id"]}msgid_plural {match["plural"]}msgstr[0] {quote(target)}\n'
            return (f'{head}msgid {match["id"]}msgid_plural {match["plural"]}msgstr[0] {quote(msgid)}\n'
                    f'msgstr[1] {quote(plural)}\n')
        target = VI.get(msgid) if lang == "vi" else msgid
        if target is None:
            missing.append(msgid)
            return match.group(0)
        return f'{head}msgid {match["id"]}msgstr {quote(target)}\n'

    text = ENTRY.sub(replace, text)
    if lang == "vi":
        text = re.sub(r'"Plural-Forms: .*\\n"', r'"Plural-Forms: nplurals=1; plural=0;\\n"', text)
    path.write_text(text, encoding="utf-8")
    return missing


if __name__ == "__main__":
    fill("en")
    missing = fill("vi")
    if missing:
        print("missing Vietnamese translations:", *missing, sep="\n  ")
        sys.exit(1)
