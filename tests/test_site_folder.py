"""A build writes into the site before last (the spare beside the site), keeping the pages
it holds as they were written, and publishes the same site as a build from nothing."""

from __future__ import annotations

import os
from pathlib import Path

from test_page_cache import AS_OF, MKDOCS_ITSELF
from test_prerender import fingerprint

from conftest import copy_example, run_cli


def build(root: Path, site: Path, cache: Path | None, audience: str = "internal") -> None:
    env = {"PRODUCTDOCS_CACHE": str(cache)} if cache else MKDOCS_ITSELF
    result = run_cli("build", "--root", str(root), "--site-dir", str(site), "--as-of", AS_OF,
                     "--audience", audience, env=env)
    assert result.returncode == 0, result.stderr


def reference(root: Path, folder: Path, audience: str = "internal") -> dict[str, str]:
    """The site as MkDocs builds it from nothing, with no cache."""
    build(root, folder, None, audience)
    return fingerprint(folder)


def inode(path: Path) -> int:
    return os.stat(path).st_ino


def change_tagline(product: Path, words: str) -> None:
    product.write_text(product.read_text(encoding="utf-8").replace(
        "tagline: ", f"tagline: {words} ", 1), encoding="utf-8")


def test_rebuilds_into_the_same_site_keep_its_pages_and_build_the_same_site(
        tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    cache, site = tmp_path / "cache", tmp_path / "out" / "site"
    spare = site.with_name(".site.spare")
    unchanged, changed = Path("products/yard/index.html"), Path("products/dock/index.html")

    build(root, site, cache)
    first = {path: inode(site / path) for path in (unchanged, changed)}
    build(root, site, cache)
    assert (spare / ".gitignore").read_text(encoding="utf-8") == "*\n"  # git ignores it
    assert fingerprint(site) == reference(root, tmp_path / "reference")

    change_tagline(root / "products" / "dock.yml", "Changed.")
    (root / "content" / "how-we-sell.md").unlink()
    (root / "content" / "new-page.md").write_text("# A new page\n", encoding="utf-8")
    build(root, site, cache)
    # The first build's folder came back: its unchanged page is the same file, untouched.
    assert inode(site / unchanged) == first[unchanged]
    assert inode(site / changed) == first[changed]
    assert "Changed. Carriers book" in (site / changed).read_text(encoding="utf-8")
    built = fingerprint(site)
    assert "how-we-sell/index.html" not in built and "new-page/index.html" in built
    assert not (site / "how-we-sell").exists()  # nor its folder
    assert ".gitignore" not in built
    assert built == reference(root, tmp_path / "changed-reference")


def test_what_was_changed_or_added_in_the_spare_is_not_published(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    cache, site = tmp_path / "cache", tmp_path / "site"
    spare = site.with_name(".site.spare")
    build(root, site, cache)
    build(root, site, cache)
    page = spare / "products" / "yard" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Yard", "Yrad"), encoding="utf-8")
    (spare / "products" / "stray.html").write_text("not built", encoding="utf-8")
    (spare / "sitemap.xml").unlink()
    asset = next((spare / "assets" / "stylesheets").glob("*.css"))
    asset.write_text("tampered", encoding="utf-8")

    build(root, site, cache)
    built = fingerprint(site)
    assert "products/stray.html" not in built
    assert built == reference(root, tmp_path / "reference")


def test_a_failed_build_leaves_the_site_and_the_next_build_is_whole(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    cache, site = tmp_path / "cache", tmp_path / "site"
    build(root, site, cache)
    build(root, site, cache)
    before = fingerprint(site)
    product = root / "products" / "dock.yml"
    text = product.read_text(encoding="utf-8")
    (root / "content" / "broken.md").write_text("[gone](nowhere.md)\n", encoding="utf-8")
    change_tagline(product, "Half built.")
    result = run_cli("build", "--root", str(root), "--site-dir", str(site), "--as-of", AS_OF,
                     env={"PRODUCTDOCS_CACHE": str(cache)})
    assert result.returncode == 1
    assert fingerprint(site) == before
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".site")
                  ) == [".site.spare"]

    (root / "content" / "broken.md").unlink()
    product.write_text(text, encoding="utf-8")
    build(root, site, cache)
    assert fingerprint(site) == reference(root, tmp_path / "reference")


def test_with_the_cache_off_no_spare_is_kept(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    site = tmp_path / "site"
    build(root, site, tmp_path / "cache")
    build(root, site, tmp_path / "cache")
    assert site.with_name(".site.spare").is_dir()
    build(root, site, None)
    assert not site.with_name(".site.spare").exists()
    build(root, site, None)
    assert not site.with_name(".site.spare").exists()
    assert fingerprint(site) == reference(root, tmp_path / "reference")


def test_a_public_build_into_the_internal_sites_folder_publishes_nothing_internal(
        tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    cache, site = tmp_path / "cache", tmp_path / "site"
    for audience in ("internal", "internal", "public"):  # the last starts from an internal one
        build(root, site, cache, audience)
    built = fingerprint(site)
    assert not [page for page in built if "battlecard" in page or "playbook" in page]
    assert built == reference(root, tmp_path / "reference", "public")
