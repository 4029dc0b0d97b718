"""MkDocs glue: hands the generated tree to MkDocs in memory and watches the sources.

All the logic lives in plain functions (validate.load_site, site.build_tree); this
module only adapts them to MkDocs's events.
"""

from __future__ import annotations

import gc
import logging
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from reportgen.emit.faults import os_error_line
from reportgen.emit.generate import Generated, generate
from reportgen.emit.output import check_not_inside
from reportgen.emit.tree import GeneratedTree
from reportgen.load.catalogs import REFERENCE, labels, language_settings
from reportgen.load.language import interface_language
from reportgen.load.language_css import page_stylesheet
from reportgen.load.locations import EXPORT_SUFFIXES, THEME_OVERRIDES
from reportgen.load.mkdocs_config import MkdocsSettings, key_position, repository_base
from reportgen.load.problems import BuildError, ContentError, Problem, format_problems
from reportgen.load.reading import in_folder
from reportgen.mkdocs.serve_errors import build_error_problem, error_page, site_language
from reportgen.mkdocs.serve_port import port_taken, taken_line
from reportgen.mkdocs.techdocs import keep_search_languages, search_languages
from reportgen.render.theme_text import escape_printed_settings, name_search_dialog, unescape_footer_labels

log = logging.getLogger("mkdocs.plugins.reportgen")
STYLESHEET = "assets/reportgen.css"
_PUBLISHED = InclusionLevel.INCLUDED

ONE_VARIANT = "assets/one-variant.css"  # the light charts alone, for a palette without a scheme


def has_scheme(palette: object) -> bool:
    """Whether the theme's palette names a colour scheme, which hides one variant of each chart."""
    entries = palette if isinstance(palette, list) else [palette]
    return any(isinstance(entry, dict) and entry.get("scheme") for entry in entries)


def edit_url(repo_url: str | None, edit_uri: str | None, path: str) -> str | None:
    """Where a reader proposes a fix to `path`: the repository's edit page for it, if there is a repository."""
    if not repo_url or not edit_uri:
        return None
    return urljoin(repo_url.rstrip("/") + "/", edit_uri.lstrip("/").rstrip("/") + "/") + path


def _check_folders(config: MkDocsConfig, cache: Path, content: Path) -> None:
    """Neither the chart cache nor the built site may sit inside the content folder."""
    try:
        check_not_inside(cache, content, "the chart cache")
        check_not_inside(Path(config.site_dir), content, "site_dir")
    except ValueError as exc:
        raise PluginError(f"reportgen: {exc}") from exc


def _add_theme(config: MkDocsConfig) -> None:
    """reportgen's stylesheet, and its theme fixes among the theme's template folders."""
    config.extra_css.append(STYLESHEET)
    # Our title block sits above Material's templates, below a project's own custom_dir.
    theme_dirs = config.theme.dirs
    theme_dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_OVERRIDES))


class ReportgenConfig(base.Config):
    content_dir = c.Type(str, default="content")
    templates_dir = c.Type(str, default="site_templates")
    cache_dir = c.Type(str, default=".cache/reportgen")  # rendered charts, kept between builds
    # Material's repository widget asks api.github.com for stars and forks on every page view:
    # off unless the team wants it (a private repository or an offline reader gets an error).
    repository_stats = c.Type(bool, default=False)


class ReportgenPlugin(BasePlugin[ReportgenConfig]):
    def __init__(self) -> None:
        self.tree: GeneratedTree | None = None
        self.root = Path.cwd()
        self.search_label = "Search"
        self.generated: Generated | None = None
        self.logged = 0  # how many of the generated problems are logged: drawing in the background may add one
        self.serving = False  # `mkdocs serve`: content problems become a page, not a failed build
        self.port_unchecked = False
        self.search_before: object = None
        self.search_lang: list[str] | None = None
        self.failure: list[Problem] | None = None
        self.failure_language = "en"
        self.site_language = REFERENCE
        self.last_pages: list[str] = []  # generated pages of the last good build; kept across serve's rebuilds

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across serve's rebuilds (for last_pages).
        self.serving = command == "serve"
        self.port_unchecked = self.serving  # the address is known from on_config on

    def _check_port(self, config: MkDocsConfig) -> None:
        """`mkdocs serve` on a taken port: one line before the first build, not a traceback after it."""
        if not self.port_unchecked:
            return
        self.port_unchecked = False  # the rebuilds find our own server there
        host, port = config.dev_addr
        if port_taken(host, port):
            raise Abort(f"Error: {taken_line(host, port, 'mkdocs serve -a ' + host + ':{port}')}")

    def _path(self, setting: str) -> Path:
        return self.root / setting

    # First among the plugins: Material's search reads theme.language in its own on_config and fails
    # with a traceback on one it has no partial for; ours names the line in mkdocs.yml instead.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._check_port(config)
        self.search_before, self.search_lang = search_languages(config)  # before techdocs-core's on_config
        self.root = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        _check_folders(config, self._path(self.config.cache_dir), self._path(self.config.content_dir))
        self.tree, self.generated, self.failure = None, None, None
        content = self._path(self.config.content_dir)
        if not content.is_dir():
            # Said here, at the option in mkdocs.yml: the content loader would name only the folder.
            line, col = self._config_position(config, ("plugins", "reportgen", "content_dir"))
            problem = Problem(
                Path(config.config_file_path or "mkdocs.yml").name,
                line,
                col,
                f"the content folder '{self.config.content_dir}' does not exist",
                "set the reportgen plugin's content_dir in mkdocs.yml to the folder that holds site.yaml and the years",
                code="content-folder-missing",
            )
            if not self.serving:
                raise PluginError("reportgen: the content has errors\n" + format_problems([problem]))
            return self._fail(config, [problem])
        _add_theme(config)
        try:
            generated = self._generate(config)
        except ContentError as exc:
            if not self.serving:
                raise PluginError("reportgen: the content has errors\n" + format_problems(exc.problems)) from exc
            return self._fail(config, exc.problems)
        except BuildError as exc:
            if not self.serving:
                raise PluginError(f"reportgen: {exc}") from exc
            return self._fail(config, [build_error_problem(str(exc), self.root)])
        except OSError as exc:  # a full disk, a read-only folder: one line, as MkDocs prints a plugin's error
            if not self.serving:
                raise PluginError(f"reportgen: {os_error_line(exc)}") from exc
            return self._fail(config, [build_error_problem(os_error_line(exc), self.root)])
        self._use(generated)
        # Material's interface in the site's language where it has one, else its English (validate notes it).
        language = site_language(config.theme.get("language"))
        config.theme["language"] = interface_language(language_settings(language))
        self.site_language = language
        return config

    def _generate(self, config: MkDocsConfig) -> Generated:
        """The generated tree, for the project and the MkDocs settings of `config`."""
        return generate(
            self._path(self.config.content_dir),
            self._path(self.config.templates_dir),
            self._path(self.config.cache_dir),
            self.root,
            # A cold build draws its charts while MkDocs builds the pages. Not in serve: a chart
            # that cannot be drawn must be known here, where it can still become the error page.
            background=not self.serving,
            # The site's title, description and language are MkDocs's settings, read once, here.
            mkdocs=MkdocsSettings(
                title=config.site_name,
                description=config.site_description,
                language=config.theme.get("language"),
                file=Path(config.config_file_path or "mkdocs.yml").name,
                language_at=self._config_position(config, ("theme", "language")),
                search=tuple(self.search_lang) if self.search_lang else None,
                search_at=self._config_position(config, ("plugins", "search", "lang")),
                sources=repository_base(config.repo_url, config.edit_uri),
            ),
        )

    def _use(self, generated: Generated) -> None:
        """Keep what generating gave for the later events, and say what it found."""
        self.tree, self.search_label, self.generated = generated.tree, generated.search_label, generated
        if not self.serving:
            # What generating left in memory (modules, models, the tree) lives until the build ends:
            # taken out of the cyclic collector's reach, MkDocs's own collections no longer walk it
            # (about 7% less CPU for an edited synthetic site). A build is one process that exits;
            # serve, which rebuilds for hours, is left alone.
            gc.freeze()
        for problem in generated.problems:
            # Declared-figure differences are shown on the site itself; they are not build warnings.
            log.info(problem.for_people())
        self.logged = len(generated.problems)
        if generated.pending is None:
            self._log_charts()

    @staticmethod
    def _config_position(config: MkDocsConfig, keys: tuple[str, ...]) -> tuple[int, int]:
        return key_position(Path(config.config_file_path), keys) if config.config_file_path else (1, 1)

    def _fail(self, config: MkDocsConfig, problems: list[Problem]) -> MkDocsConfig:
        """Serve goes on with every page showing the problems; live reload brings the site back."""
        self.failure = problems
        self.failure_language = site_language(config.theme.get("language"))
        # The preview must still render: Material has no interface text for a language we refused.
        config.theme["language"] = self.failure_language
        log.error("reportgen: the preview shows these problems until they are fixed\n" + format_problems(problems))
        return config

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        env.globals["reportgen_repository_stats"] = self.config.repository_stats
        # The 404 page's words (theme/404.html), in the site's language: Material's own are English only.
        words = labels(self.site_language)
        env.globals["reportgen_not_found"] = {"title": words["not_found_title"], "text": words["not_found_text"]}
        env.globals["reportgen_html_lang"] = self.site_language  # <html lang>: theme/partials/language.html
        before, _, after = words["made_with"].partition("{material}")  # the footer: theme/partials/copyright.html
        env.globals["reportgen_made_with"] = [before.strip(), after.strip()]
        escape_printed_settings(config)  # read as text by generating already; from here on only printed
        return env

    def _log_charts(self) -> None:
        assert self.tree is not None and self.generated is not None
        stats = self.tree.chart_stats
        reused = " (pages unchanged since the last build)" if self.generated.from_cache else ""
        log.info(f"reportgen: {len(stats.rendered)} chart(s) rendered, {len(stats.cached)} from the cache{reused}")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._drop_content_files(files)
        if self.failure is not None:
            # The addresses of the last good build stay, so a reader's open page shows the
            # problems (and links from hand-written pages still resolve).
            for path in self.last_pages:
                if files.get_file_from_path(path) is None:
                    files.append(File.generated(config, path, content=""))
            return files
        assert self.tree is not None and self.generated is not None
        self.last_pages = [f.path for f in self.tree.files if f.path.endswith(".md")]
        clashes = [f.path for f in self.tree.files if files.get_file_from_path(f.path) is not None]
        if clashes:
            raise PluginError(
                f"reportgen: docs/ has pages where generated pages go: {', '.join(clashes)} (rename or remove them)"
            )
        # The generated tree is the report: published whatever exclude_docs says. With docs_dir: content
        # (as init writes it) a team may exclude *.csv to keep its tools' exports out; the year's CSV
        # download (2024/incidents.csv, beside the export of the same name) must still be published.
        for generated in self.tree.files:
            files.append(File.generated(config, generated.path, content=generated.content, inclusion=_PUBLISHED))
        for path in self.generated.pending_paths:
            # Still being drawn: MkDocs knows the file (links to it resolve), on_post_build writes it.
            pending = File.generated(config, path, content=b"", inclusion=_PUBLISHED)
            pending.copy_file = lambda dirty=False: None  # type: ignore[method-assign]
            files.append(pending)
        files.append(File.generated(config, STYLESHEET, content=page_stylesheet()))
        # Here, after every plugin's on_config: techdocs-core resets the palette and search in its own.
        if kept := keep_search_languages(config, self.search_before, self.search_lang):
            log.info(f"reportgen: {kept}")
        if not has_scheme(config.theme.get("palette")):
            config.extra_css.append(ONE_VARIANT)
            one = package_files("reportgen").joinpath(ONE_VARIANT).read_bytes()
            files.append(File.generated(config, ONE_VARIANT, content=one))
        if config.nav is None:
            # The generated report first, then any hand-written pages in docs/, in file order.
            generated = {f.path for f in self.tree.files}
            hand_written = [f.src_uri for f in files.documentation_pages() if f.src_uri not in generated]
            config.nav = [*self.tree.nav, *hand_written]
        return files

    def _drop_content_files(self, files: Files) -> None:
        """The facts' folder is data, never published as it is (init sets docs_dir: content): none of
        its files, nor a link there to anything else (/proc/self/environ), reaches the site."""
        content = self._path(self.config.content_dir)
        for file in [f for f in files if f.abs_src_path is not None and in_folder(f.abs_src_path, content)]:
            files.remove(file)

    def on_page_context(self, context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        # The edit button of a generated page opens the YAML that holds its facts.
        source = self.tree.sources.get(page.file.src_uri) if self.tree else None
        if source is not None:
            page.edit_url = edit_url(config.repo_url, config.edit_uri, self._content_path(source))
        return context

    def _content_path(self, source: str) -> str:
        """A content file's path from the project root, as the repository holds it: a section's YAML,
        or the export of the team's tool that holds its records in its place (2024/incidents.csv)."""
        content = self._path(self.config.content_dir).resolve()
        if not (content / source).exists():
            stem = source.removesuffix(".yaml")
            source = next((stem + s for s in EXPORT_SUFFIXES if (content / (stem + s)).is_file()), source)
        return (
            f"{content.relative_to(self.root.resolve()).as_posix()}/{source}"
            if content.is_relative_to(self.root.resolve())
            else source
        )

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        if self.failure is not None:
            return error_page(self.failure, self.failure_language)
        neighbours = [other.title for other in (page.previous_page, page.next_page) if other and other.title]
        output = unescape_footer_labels(output, neighbours)
        return name_search_dialog(output, self.search_label)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if self.failure is not None and template_name == "404.html":
            # MkDocs adds no live-reload script to its 404 page: this one reloads itself.
            return error_page(self.failure, self.failure_language, reload_seconds=2)
        return output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.generated is None or self.generated.pending is None:
            return
        try:
            charts = self.generated.pending()
        except BuildError as exc:
            raise PluginError(f"reportgen: {exc}") from exc
        for chart in charts:
            target = Path(config.site_dir) / chart.path
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(chart.content)
            except OSError as exc:  # MkDocs stops with this one line rather than a traceback
                raise PluginError(f"reportgen: {os_error_line(exc, target, writing=True)}") from exc
        for problem in self.generated.problems[self.logged :]:
            log.info(problem.for_people())  # the cache could not be written as the charts were kept
        self._log_charts()

    def on_build_error(self, *, error: Exception) -> None:
        if self.generated is not None and self.generated.cancel is not None and self.generated.pending is not None:
            self.generated.cancel()
            self.generated.pending = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # A change to the facts or the templates rebuilds the pages, like a change to docs/ does.
        for setting in (self.config.content_dir, self.config.templates_dir):
            if self._path(setting).is_dir():
                server.watch(str(self._path(setting)))
        return server
