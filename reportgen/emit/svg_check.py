"""Is an SVG read back from the build cache one that can only draw? The cache is restored from CI's
cache and could have been forged: before a cached chart is published it is parsed (the standard
library's expat, which resolves no external entity) and refused if it could run code, fetch anything
or pull in another document. A refused chart is drawn again.

What matplotlib writes passes: the SVG 1.1 doctype, metadata (RDF), defs, clipPath, `use` of `#id`s,
a `style` element, `url(#id)` references.
"""

from __future__ import annotations

import re
import xml.parsers.expat

# The only doctype matplotlib writes; without an internal subset, so no entity can be declared.
SVG_DOCTYPE = ("svg", "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd", "-//W3C//DTD SVG 1.1//EN")
# Elements that run code, embed another document, or change attributes over time (set and animate can
# turn a harmless href into a javascript: one). Compared by local name, lower-cased, in any namespace.
REFUSED_ELEMENTS = frozenset(
    {
        "script",
        "foreignobject",
        "handler",
        "listener",
        "set",
        "animate",
        "animatemotion",
        "animatetransform",
        "animatecolor",
        "discard",
        "iframe",
        "embed",
        "object",
        "audio",
        "video",
    }
)
NAMESPACES = frozenset(
    {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://purl.org/dc/elements/1.1/",
    }
)
STILL_IMAGE = "http://purl.org/dc/dcmitype/StillImage"  # matplotlib's rdf:resource: a name, never fetched
EMBEDDED_PNG = "data:image/png;base64,"  # a rasterised part of a chart, in an <image>
# CSS's functions that fetch, or run (expression), and a url() to anything but a fragment of this file.
_FUNCTIONS = re.compile(r"url\((?!#)|\b(?:image|image-set|cross-fade|src|element|expression)\s*\(", re.IGNORECASE)


def _fetches(value: str) -> bool:
    """In an attribute value or a style sheet: a reference outside the file, a script URL, or a CSS
    escape (which could spell either)."""
    low = value.lower()
    return "\\" in value or "script:" in low or "data:" in low or ("(" in value and bool(_FUNCTIONS.search(value)))


_WIDTH_RULE = re.compile(r"@media \(max-width: [0-9.]+px\)")


class _Refused(Exception):
    pass


def svg_refusal(content: bytes) -> str | None:
    """Why `content` may not be published as a chart, or None if it may."""
    try:
        _Check().run(content)
    except _Refused as refused:
        return str(refused)
    except (xml.parsers.expat.ExpatError, ValueError) as exc:  # malformed, truncated, not text
        return f"not well-formed XML: {exc}"
    return None


def is_safe_svg(content: bytes) -> bool:
    return svg_refusal(content) is None


class _Check:
    def __init__(self) -> None:
        self.parser = xml.parsers.expat.ParserCreate()  # no namespace processing: prefixes are checked as written
        self.parser.ordered_attributes = True  # [name, value, name, value, ...]: the fastest form
        self.root_seen = False
        self.style: list[str] | None = None  # the text of the open <style> element
        self.style_depth = 0
        self.elements: set[str] = set()  # names already checked: a chart repeats a few names thousands of times
        self.attributes: dict[str, str] = {}  # attribute name -> how its value is checked
        self.passed: set[str] = set()  # attribute values found harmless

    def run(self, content: bytes) -> None:
        p = self.parser
        p.StartElementHandler = self.start
        p.StartDoctypeDeclHandler = self.doctype
        p.ProcessingInstructionHandler = self.instruction
        for handler in ("EntityDeclHandler", "UnparsedEntityDeclHandler", "NotationDeclHandler"):
            setattr(p, handler, self.declaration)
        p.ElementDeclHandler = self.declaration
        p.AttlistDeclHandler = self.declaration
        p.ExternalEntityRefHandler = self.declaration
        p.SkippedEntityHandler = self.declaration
        p.Parse(content, True)
        if not self.root_seen:
            raise _Refused("no <svg> element")

    def doctype(self, name: str, system: str | None, public: str | None, internal_subset: int) -> None:
        if (name, system, public) != SVG_DOCTYPE or internal_subset:
            raise _Refused(f"a doctype other than SVG 1.1's: {name!r} {system!r} {public!r}")

    def instruction(self, target: str, data: str) -> None:
        raise _Refused(f"a processing instruction <?{target} ...?>")

    def declaration(self, *args: object) -> None:
        raise _Refused("a DTD declaration or entity")

    def start(self, name: str, attributes: list[str]) -> None:
        if name not in self.elements:
            local = name.rpartition(":")[2].lower()
            if local in REFUSED_ELEMENTS:
                raise _Refused(f"a <{name}> element")
            if not self.root_seen and local != "svg":
                raise _Refused(f"<{name}> where <svg> should be")
            self.elements.add(name)
        self.root_seen = True
        kinds, passed = self.attributes, self.passed
        for i in range(0, len(attributes), 2):
            attribute, value = attributes[i], attributes[i + 1]
            kind = kinds.get(attribute) or kinds.setdefault(attribute, _kind(attribute))
            if kind == "value":
                # Inline, as this runs for every attribute. Each refused form needs one of these
                # characters, which path data (the bulk of a chart) never has; styles repeat.
                if ("(" in value or ":" in value or "\\" in value) and value not in passed:
                    if _fetches(value):
                        raise _Refused(f"{attribute}={value[:80]!r} refers outside the file")
                    passed.add(value)
            elif kind != "href" or value[:1] != "#":  # a `use` of a glyph or marker: thousands per chart
                self.attribute(name, attribute, value, kind)
        if self.style is not None:
            self.style_depth += 1
        elif name.rpartition(":")[2].lower() == "style":
            # Only a style element's text is read, so only then is text handled at all (it is slow).
            self.style, self.style_depth = [], 1
            self.parser.CharacterDataHandler = self.style.append
            self.parser.EndElementHandler = self.end

    def end(self, name: str) -> None:
        self.style_depth -= 1
        if self.style_depth == 0 and self.style is not None:
            # A width rule is the one at-rule allowed: it picks the drawing for the width (charts/draw/forms.py).
            sheet = _WIDTH_RULE.sub("", "".join(self.style))
            if "@" in sheet or "<" in sheet or _fetches(sheet):
                raise _Refused("a style sheet that imports or fetches")
            self.style = None
            self.parser.CharacterDataHandler = None
            self.parser.EndElementHandler = None

    def attribute(self, element: str, name: str, value: str, kind: str) -> None:
        if kind == "refused":
            raise _Refused(f"the attribute {name}")
        if kind == "href":
            embedded = element.rpartition(":")[2] == "image" and value.startswith(EMBEDDED_PNG)
            if not value.startswith("#") and not embedded:
                raise _Refused(f"{name}={value[:80]!r} refers outside the file")
        elif kind == "namespace":
            if value not in NAMESPACES:
                raise _Refused(f"an unknown namespace {value[:80]!r}")
        elif kind == "resource" and value != STILL_IMAGE:
            raise _Refused(f"{name}={value[:80]!r}")


def _kind(name: str) -> str:
    """How an attribute's value is checked: refused outright, or which rule its value follows."""
    if name == "xmlns" or name.startswith("xmlns:"):
        return "namespace"
    local = name.rpartition(":")[2].lower()
    if local.startswith("on") or name.lower() == "xml:base":  # event handlers; a base for relative URLs
        return "refused"
    if local == "href":
        return "href"
    if local == "resource":
        return "resource"
    return "value"
