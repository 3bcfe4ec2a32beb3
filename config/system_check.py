"""Say in one line what system library is missing, instead of a traceback later.

Run by the Makefile before `run` and `test`: `python -m config.system_check`.
"""

import shutil
import subprocess
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
    # PDF summaries are set in DejaVu (Debian's fonts-dejavu-core), found through fontconfig.
    fc_list = shutil.which("fc-list")
    if fc_list and "dejavu" not in subprocess.run([fc_list], capture_output=True, text=True).stdout.lower():  # noqa: S603
        print("PDF summaries need the DejaVu fonts: install them with `sudo apt-get install fonts-dejavu-core`.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
