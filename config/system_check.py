"""Say in one line what system library is missing, instead of a traceback later.

Run by the Makefile before `run` and `test`: `python -m config.system_check`.
"""

import sys


def main() -> int:
    if sys.version_info < (3, 11):
        print("Python 3.11 or newer is needed (found %d.%d)." % sys.version_info[:2])
        return 1
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except OSError:
        print(
            "WeasyPrint needs Pango: install it with `sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0` "
            "(Debian/Ubuntu) or `brew install pango` (macOS), then run the command again."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
