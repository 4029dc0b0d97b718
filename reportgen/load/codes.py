"""Every problem code, once: a stable kebab-case name for each kind of problem, with what it means and what to do.

Tools (an editor, a CI step) and tests decide by the code, never by a message's wording. The README's
table of codes is printed from here: `reportgen codes`.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    # ---- reading a file (the loader)
    "file-too-large": "The file is over its limit: 1 MiB for YAML, 20 MiB for a CSV or JSON export. Split it.",
    "outside-content": "A link to a file or folder outside the content folder. Copy the file in instead.",
    "not-a-file": "A pipe, device or socket where a content file should be. Put a plain file there.",
    "unreadable-file": "A content file that cannot be read (permissions, a broken link). Check the file.",
    "byte-order-mark": "The file starts with a byte order mark. Save it as UTF-8 without BOM.",
    "binary-file": "The file holds a NUL byte, so it is not text. Check that it is the YAML file you meant.",
    "not-utf8": "The file is not valid UTF-8. Save it with UTF-8 encoding.",
    "tab": "A tab character in the file. Indent with spaces: YAML does not allow tabs.",
    "yaml-syntax": "The YAML cannot be parsed here. Check the indentation and quoting around the position.",
    "yaml-alias": "An anchor or alias (&name, *name). Copy the value instead of referring to it.",
    "too-deep": "The data is nested more than 64 levels deep. Check the brackets.",
    "multiple-documents": "More than one YAML document in the file. Remove the '---' separator or split the file.",
    "empty-file": "The file holds nothing. Add the facts, or delete the file.",
    "yaml-tag": "An explicit YAML tag (!!python/..., !custom). Remove it: content holds plain values only.",
    "complex-key": "A mapping key that is not plain text (a list, a merge key). Write the key as a simple word.",
    "duplicate-key": "The same key twice in one mapping; YAML would keep only the last. Remove one.",
    "folded-list-item": "A '- ' line read as part of the text above it. Align the dash with the item above, or quote.",
    "ambiguous-number": "A value YAML reads as a number in special notation (017, 1:30). Quote it, or write a decimal.",
    "ambiguous-bool": "A value YAML reads as yes/no (no, on, yes). Quote it, or write true or false.",
    "unreadable-value": "A value YAML cannot turn into data. Quote it if it is meant as text.",
    "csv-syntax": "A CSV export cannot be read here (a stray quote, an over-long cell). Check the quoting.",
    "csv-row-length": "A CSV row with more or fewer cells than its header. Check the commas and quotes of the row.",
    "json-syntax": "A JSON export cannot be parsed here. Check the brackets, commas and quotes around the position.",
    # ---- the form of a file (its model)
    "unknown-key": "A key the file's model does not have, often a typo. Use the suggested key or an allowed one.",
    "missing-field": "A required field is not given. Add it.",
    "not-a-choice": "A value that is not one of the allowed choices. Use one of the listed values.",
    "not-a-number": "Text or another value where a number is expected. Write a plain number.",
    "not-whole-number": "A fractional number where a whole number is expected. Round it.",
    "not-a-list": "Text where a list is expected. Write a YAML list.",
    "invalid-date": "A value that is not a calendar date. Write dates as YYYY-MM-DD.",
    "invalid-datetime": "A value that is not a date and time. Write YYYY-MM-DD HH:MM.",
    "wrong-type": "A value of the wrong type (a list for text, text for a mapping). Check the value's type.",
    "out-of-range": "A number outside the allowed or declared range (min, max). Correct the value.",
    "invalid-id": "An id that is not lowercase letters, digits and hyphens (a record's: letters, digits, - _ .).",
    "end-before-start": "An end (date or time) before its start. Check both.",
    "empty-list": "A list that must have entries is empty. Add an entry, or remove the key.",
    "too-long": "A text over its length limit. Shorten it.",
    "invalid-value": "A value the model refuses; the message says why. Correct the value.",
    "missing-column": "An export without the field a required column is read from. Add it, or map it under source:.",
    "undeclared-timezone": "An export's time has an offset or Z, and site.yaml declares no timezone. Declare it.",
    # ---- the content folder
    "content-folder-missing": "The content folder does not exist. Point at the folder with site.yaml and the years.",
    "no-years": "The content folder has no year folders. Add one, such as content/2023/ with a report.yaml.",
    "not-a-year-folder": "A folder in the content folder that is not named by a year. Rename or move it.",
    "unexpected-file": "A file no section of the site reads. Rename it, add its section, or delete it.",
    "two-sources": "A section's rows for one year in two files (.yaml, .csv, .json). Keep one of them.",
    "missing-file": "A year has no report.yaml. Add it with the year and title.",
    "wrong-year": "A year that does not match where it is (its folder, the report it is set in). Correct it.",
    # ---- the site settings and the MkDocs config
    "mkdocs-config-unreadable": "The MkDocs config cannot be read. Check its YAML.",
    "mkdocs-config-not-mapping": "The MkDocs config is not a mapping. Start from `reportgen init`.",
    "unknown-language": "theme.language names a language reportgen does not write. Use one it ships.",
    "setting-overridden": "A setting given both in site.yaml and in the MkDocs config, which wins. Remove it here.",
    "unknown-label": "A reworded label that the site does not have. Use a key of the shipped catalog.",
    "label-placeholders": "A reworded label uses {placeholders} the site does not fill in. Use the listed ones.",
    "label-format": "A reworded label formats or converts a placeholder ({year:>9}). Write it as {name}.",
    "unknown-section": "A section key that is not a built-in or ready-made section. Fix it, or give it a kind.",
    "reserved-key": "A team's section takes the key of a built-in section or page. Choose another key.",
    "no-columns": "A records section declares no columns. Add columns with a key and type each.",
    "no-choices": "A choice column lists no choices. Add choices.",
    "misplaced-option": "An option that means nothing where it is (a field its figure does not read). Remove it.",
    "missing-option": "A figure or condition lacks an option it needs. Add it.",
    "unknown-column": "A figure names a column its section does not declare. Use one of the columns.",
    "wrong-column-type": "A figure names a column of a type it cannot use. Name a column of the needed type.",
    "duplicate-name": "Two figures by one name. Choose another name.",
    "chart-type": "A chart type that cannot draw its figure. Use the type the message names.",
    "unknown-timezone": "timezone: is not a time zone name. Write an IANA name such as Asia/Seoul.",
    "chart-by": "A chart's by: that cannot draw its figure (a count by choice by month). Chart it as the hint says.",
    "unknown-unit": "A unit that looks like a typo of a known one. It is printed as written; fix it if it is a typo.",
    # ---- the facts of a year
    "duplicate-id": "The same id twice in a file. Ids must be unique.",
    "listed-twice": "The same entry (a project, a record, a section, a KPI) listed twice. List it once.",
    "unknown-metric": "A name that is not a figure of the year. Use the suggested or a listed metric.",
    "per-project-metric": "'project' given for a figure of the whole year, or missing for a per-project one.",
    "declared-differs": "A declared figure differs from what the facts give. Correct one of them.",
    "outside-year": "A date outside the report's year. Correct it, or move the entry to its year "
    "(a project across years: in progress in the first, listed again in the next).",
    "after-as-of": "A record dated after the report's as_of day: rates leave it out. Move as_of on, or fix the date.",
    "unknown-project": "A reference to a project id the projects file does not define. Fix the id.",
    "delivery-contradicts-status": "A delivery outcome that its project's status rules out. Correct one of the two.",
    "missing-delivery": "A completed project without a known delivery outcome. Add on_time or delayed.",
    "negative-count": "A negative number for something that counts things. A count is 0 or more.",
    "target-wrong-side": "A KPI target on the wrong side of its baseline for its direction. Correct one of the three.",
    "unit-mismatch": "A KPI's unit contradicts its metric's, or its two metrics differ in unit. Use one unit.",
    # ---- a project across years (one id in consecutive years)
    "continued-start-differs": "A project listed again the next year starts on another date. Give both the same start.",
    "continued-not-in-progress": "A project listed again the next year is not in progress the year before. "
    "Write 'status: in_progress' there, or give the other project its own id.",
    "continued-name-differs": "A project listed again the next year under another name. Use one name.",
    "not-continued": "A project in progress past the year's end that the next year does not list. List it there.",
    # ---- KPI reviews
    "unknown-kpi": "A review of a KPI id last year's targets do not have. Use a target's id.",
    "unreviewed-kpi": "A KPI target of last year with no entry in this year's review. Add one.",
    "missing-actual": "A reviewed KPI without an actual figure. Add 'actual:'.",
    "derived-actual": "An actual typed by hand that the site derives from the facts. Remove it.",
    "review-not-filled": "A KPI review with no actual or result anywhere. Fill it in.",
    "missing-review": "Last year set numeric KPI targets and this year has no review file. Add it.",
    "no-targets": "A KPI review without targets set the year before. Add them (or give them in it), or remove it.",
    "targets-twice": "Last year's targets in kpi_review.yaml, though its report is there. Keep them in kpis.yaml.",
    "no-previous-facts": "A kpi_review.yaml target derives its baseline from last year's absent facts. Type it.",
    # ---- building
    "build-failed": "A template or chart could not be built; the message names the place.",
    "cache-refused": "The build cache folder is tracked by git or in the content folder: unused. Move it elsewhere.",
    "cache-unwritable": "The build cache folder cannot be written (read-only, disk full): unused. Free space, fix it.",
    # ---- issue 21: a team's label catalogs (content/labels/<lang>.yaml) and the glyphs of the fonts
    "catalog-missing-key": "A team's catalog lacks a label of en.yaml; English is used. Add the key, translated.",
    "catalog-plural": "A plural label with a category the language lacks, or without `other`. Use CLDR's categories.",
    "catalog-language": "A `language:` setting of a catalog that reportgen cannot honour. Use the listed values.",
    "catalog-font": "A font name that is not allowed: charts and PDF use packaged fonts, pages plain names only.",
    "catalog-doubled-unit": 'A label writes the unit its {placeholder} already brings ("{project_count}件"). Drop it.',
    "material-language": "Material has no interface text for the site's language: its English is used. A note.",
    "search-language": "Material's search is set to languages without the catalog's: its words go unfound. Add them.",
    "glyph-missing": "A character none of the language's chart and PDF fonts draws. Replace it, or change the fonts.",
}


class UnknownCode(ValueError):
    """A problem made with a code that is not registered: a typo in reportgen's own code."""


def check_code(code: str) -> None:
    if code not in CODES:
        raise UnknownCode(f"problem code {code!r} is not registered in reportgen/load/codes.py")


def markdown() -> str:
    """The table of codes for the README, exactly as it stands between its markers."""
    rows = [f"| `{code}` | {description} |" for code, description in CODES.items()]
    return "\n".join(["| code | what it means, and what to do |", "| --- | --- |", *rows]) + "\n"


class Invalid(ValueError):
    """A validator's refusal with its code attached, so the problem's code and hint are chosen by the code."""

    def __init__(self, code: str, message: str) -> None:
        check_code(code)
        super().__init__(message)
        self.code = code
