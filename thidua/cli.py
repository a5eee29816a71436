"""The `thidua` command: every subcommand is a Django management command.

`thidua migrate`, `thidua createsuperuser`, `thidua serve`, `thidua demo`, `thidua import people FILE`,
`thidua rules evaluate --input FILE.json`, `thidua audit verify`, `thidua polls export-boards DIR`,
`thidua polls verify FILE`.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    try:
        execute_from_command_line(["thidua", *args])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
