"""Backstage TechDocs: techdocs-core replaces the search plugin with one of its own, configured with
nothing (English only; MkDocs's lunr adds min_search_length 3), whatever mkdocs.yml's `search:`
said. The languages the team wrote are noted before and put back after, so that a Korean site
keeps Korean search where Backstage's own search is not used (with `use_material_search: true`)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig


def _search(config: MkDocsConfig) -> object:
    """The search plugin: `search`, or a theme's namespaced one (Material's is `material/search`)."""
    names = [name for name in config.plugins if name == "search" or name.endswith("/search")]
    return config.plugins[names[-1]] if names else None


def search_languages(config: MkDocsConfig) -> tuple[object, list[str] | None]:
    """The search plugin mkdocs.yml configured, and the languages it names."""
    search = _search(config)
    lang = getattr(search, "config", {}).get("lang") if search is not None else None
    return search, (list(lang) if isinstance(lang, list) and lang else None)


def keep_search_languages(config: MkDocsConfig, before: object, languages: list[str] | None) -> str | None:
    """Put `languages` back into a search plugin that replaced `before`; returns what was done, if anything."""
    search = _search(config)  # techdocs-core's is named plain `search`, after the team's
    if search is None or search is before or not languages:
        return None
    current = search.config.get("lang")  # type: ignore[attr-defined]
    if not isinstance(current, list) or current == languages:
        return None
    reset = ", ".join(current)
    # In place: Material's search index holds the very same list since its on_config.
    current[:] = languages
    return (
        f"search languages kept as mkdocs.yml names them ({', '.join(languages)}); a plugin had reset them to {reset}"
    )
