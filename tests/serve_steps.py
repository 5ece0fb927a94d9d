"""What `productdocs serve` does on a save, without the web server: run as a script.

    python tests/serve_steps.py ROOT SITE AS_OF [EDIT ...]

builds ROOT into SITE the way `serve` does (MkDocs' serve build, with the plugin kept
between builds), then applies each EDIT in turn and runs what `serve` runs when a file is
saved. An EDIT is `FILE::OLD::NEW` (replace the first OLD by NEW in FILE, relative to
ROOT), or `FILE::::TEXT` (write TEXT as the whole of FILE, which may be new). With no EDIT
it is the reference: one full build of ROOT as it is. The plugin's
lines are printed on stderr, "full build" on stdout for every full build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


def main(arguments: list[str]) -> int:
    root, site, as_of, *edits = arguments
    os.environ["PRODUCTDOCS_AS_OF"] = as_of
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")

    def full() -> None:
        print("full build", flush=True)
        config = load_config(str(Path(root) / "mkdocs.yml"), site_dir=site)
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL)

    config = load_config(str(Path(root) / "mkdocs.yml"), site_dir=site)
    config.plugins.on_startup(command="serve", dirty=False)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL)
    plugin = config.plugins["productdocs"]
    for edit in edits:
        name, old, new = edit.split("::")
        path = Path(root) / name
        if not old:
            path.write_text(new, encoding="utf-8")
            plugin.rebuild(full)
            continue
        text = path.read_text(encoding="utf-8")
        if old not in text:
            raise SystemExit(f"{name} has no {old!r}")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        plugin.rebuild(full)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
