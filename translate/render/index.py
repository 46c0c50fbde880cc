"""The batch index, `index.html` (and `index-2.html`, ...): one page of a run's articles.

One row per article: its title (the first sentence's English), the date when one is known, the
sentence and flag counts, the summary and a link to its side-by-side page. Pages hold a bounded
number of rows, so a run of 100,000 articles is many small pages that each open at once, linked
first / previous / next; filtering (by text, "flagged only") and sorting (by any column) work
on the page in the browser, with a few lines of inline script. Self-contained: no network.
Pure: the rows come in, the page's text goes out (`translate.run.journal.index` writes it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import zip_longest

from translate.ownership import INDEX_GENERATOR as INDEX_GENERATOR
from translate.render.xmltext import xml_safe

INDEX_FILE = "index.html"
# A marker in every page, so a later run knows which `index-N.html` it may remove.
_TITLE_MAX_CHARS = 200


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One article as the index lists it.

    `href` is the link to its page, relative to the index (None when there is nothing to open:
    the article failed or is still pending); `flags` holds (flag, pairs carrying it);
    `summary_flags`, when given, the review flags of the pair each summary sentence comes from;
    `consistency`, its pairs that disagree with an earlier article of the batch, one line each.
    """

    name: str
    status: str
    title: str = ""
    href: str | None = None
    date: str | None = None
    sentences: int = 0
    flagged: int = 0
    flags: tuple[tuple[str, int], ...] = ()
    summary: tuple[str, ...] = ()
    reason: str | None = None
    summary_flags: tuple[tuple[str, ...], ...] = ()
    consistency: tuple[str, ...] = ()


def index_page_name(number: int) -> str:
    """Page 1 is `index.html`, page n `index-n.html`."""
    return INDEX_FILE if number == 1 else f"index-{number}.html"


_STYLE = """
:root { --line: #d0d7de; --muted: #57606a; --flag: #c92a2a; --hover: #fff3bf; }
* { box-sizing: border-box; }
/* A filtered-out row stays hidden whatever display the narrow layout gives rows. */
[hidden] { display: none !important; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 90rem; padding: 1rem;
       color: #1f2328; background: #fff; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
.meta, .pages, .count { color: var(--muted); font-size: .85rem; margin: .25rem 0; }
.pages a { margin-right: .75rem; }
.tools { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center;
         margin: .75rem 0; }
.tools input[type=search] { font: inherit; padding: .3rem .5rem; width: min(28rem, 100%); }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th:nth-child(1) { width: 30%; }
th:nth-child(2) { width: 7.5rem; }
th:nth-child(3) { width: 9rem; }
th:nth-child(4) { width: 10rem; }
th[data-type=number] { text-align: right; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem;
         border-bottom: 1px solid var(--line); }
th { position: sticky; top: 0; background: #fff; border-bottom: 2px solid var(--line); }
th button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0;
            cursor: pointer; color: inherit; }
th button::after { content: " \\2195"; color: var(--muted); }
th[aria-sort=ascending] button::after { content: " \\2191"; }
th[aria-sort=descending] button::after { content: " \\2193"; }
td.number { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
tr:hover td { background: var(--hover); }
.name, .status { display: block; color: var(--muted); font-size: .8rem; overflow-wrap: anywhere; }
.status.failed { color: var(--flag); }
.consistency { display: block; color: var(--flag); font-size: .8rem; overflow-wrap: anywhere; }
.flags { color: var(--flag); font-weight: 600; }
.kinds { display: block; color: var(--muted); font-size: .8rem; font-weight: 400;
         white-space: normal; overflow-wrap: anywhere; }
.summary { font-size: .9rem; }
.summary .flags { font-size: .8rem; font-weight: 500; white-space: nowrap; }
@media (max-width: 40rem) {
  table, tbody, tr, td { display: block; }
  thead tr { display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
  thead tr::before { content: "Sort by"; color: var(--muted); padding: .25rem 0; }
  th, th:nth-child(n) { position: static; border: 0; padding: .25rem 0; width: auto; }
  tr { border-bottom: 1px solid var(--line); padding: .5rem 0; }
  td { border: 0; padding: .1rem 0; }
  td.number, td.date { display: inline-block; margin-right: 1rem; text-align: left; }
  td.number::before, td.date::before { content: attr(data-label) ": "; color: var(--muted); }
}
"""

# Filtering and sorting the rows of this page. Each row carries its numeric and date sort keys as
# data- attributes; the text to search and sort by is read once from the cells themselves (not
# written twice into the page).
_SCRIPT = """
(function () {
  var body = document.querySelector("tbody");
  var rows = Array.prototype.slice.call(body.rows);
  rows.forEach(function (row) {
    row.searchText = row.textContent.toLowerCase();
    row.dataset.summary = row.cells[4].textContent.toLowerCase();
  });
  var search = document.getElementById("filter");
  var flaggedOnly = document.getElementById("flagged-only");
  var count = document.getElementById("count");
  function filter() {
    var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.searchText;
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match || (flaggedOnly.checked && row.dataset.flagged === "0");
      if (!row.hidden) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " articles on this page shown";
  }
  search.addEventListener("input", filter);
  flaggedOnly.addEventListener("change", filter);
  document.querySelectorAll("th[data-key]").forEach(function (header) {
    header.querySelector("button").addEventListener("click", function () {
      var key = header.dataset.key;
      var numeric = header.dataset.type === "number";
      var ascending = header.getAttribute("aria-sort") !== "ascending";
      document.querySelectorAll("th[data-key]").forEach(function (other) {
        other.removeAttribute("aria-sort");
      });
      header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.dataset[key], y = b.dataset[key];
        var order = numeric ? Number(x) - Number(y) : (x < y ? -1 : x > y ? 1 : 0);
        if (!ascending) { order = -order; }
        // Ties keep the run's order, in either direction.
        return order || Number(a.dataset.position) - Number(b.dataset.position);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  filter();
})();
"""

_COLUMNS = (
    ("title", "Article", "text"),
    ("date", "Date", "text"),
    ("sentences", "Sentences", "number"),
    ("flagged", "Flags", "number"),
    ("summary", "Summary", "text"),
)


def render_index_page(
    rows: Sequence[IndexRow],
    *,
    number: int,
    first_position: int,
    has_next: bool,
    updated: str,
) -> str:
    """Page `number` of the index: `rows`, the first of which is article `first_position`
    (1-based) of the run; `has_next` says whether a page follows."""
    last_position = first_position + len(rows) - 1
    span = f"articles {first_position}–{last_position}" if rows else "no articles in this run yet"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        INDEX_GENERATOR,
        f"<title>Translated articles, page {number}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>Translated articles{'' if number == 1 else f', page {number}'}</h1>",
        f'<p class="meta">Page {number}: {span}; updated {_text(updated)}.</p>',
        _navigation(number, has_next),
        '<div class="tools" role="search">',
        '<input type="search" id="filter" aria-label="Filter the articles on this page" '
        'placeholder="Filter this page: title, name, summary…">',
        '<label><input type="checkbox" id="flagged-only"> Flagged only</label>',
        '<span class="count" id="count" aria-live="polite"></span>',
        "</div>",
        "<table>",
        "<thead><tr>",
        *(
            f'<th scope="col" data-key="{key}" data-type="{kind}"><button type="button">'
            f"{label}</button></th>"
            for key, label, kind in _COLUMNS
        ),
        "</tr></thead>",
        "<tbody>",
        *(_row(row, first_position + offset) for offset, row in enumerate(rows)),
        "</tbody>",
        "</table>",
        _navigation(number, has_next),
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _navigation(number: int, has_next: bool) -> str:
    links = []
    if number > 1:
        links.append(f'<a href="{index_page_name(1)}">« first</a>')
        links.append(f'<a href="{index_page_name(number - 1)}" rel="prev">‹ previous</a>')
    if has_next:
        links.append(f'<a href="{index_page_name(number + 1)}" rel="next">next ›</a>')
    if not links:
        return '<nav class="pages" aria-label="Pages"></nav>'
    return f'<nav class="pages" aria-label="Pages">{"".join(links)}</nav>'


def _row(row: IndexRow, position: int) -> str:
    title = _short(row.title or row.name)
    heading = f'<a href="{_text(row.href)}">{_text(title)}</a>' if row.href else _text(title)
    status = ""
    if row.status not in ("done", "skipped-unchanged"):
        reason = f": {row.reason}" if row.reason else ""
        status = f'<span class="status {_text(row.status)}">{_text(row.status + reason)}</span>'
    status += "".join(
        f'<span class="consistency" title="disagrees with an earlier article of the batch">'
        f"⚑ {_text(line)}</span>"
        for line in row.consistency
    )
    kinds = ", ".join(f"{flag} ×{count}" for flag, count in row.flags)
    flags = (
        f'<span class="flags">⚑ {row.flagged}</span><span class="kinds">{_text(kinds)}</span>'
        if row.flagged
        else "0"
    )
    summary = " ".join(
        _summary_sentence(text, flags)
        for text, flags in zip_longest(row.summary, row.summary_flags[: len(row.summary)])
    )
    attributes = {
        "data-position": str(position),
        "data-title": title.lower(),
        "data-date": row.date or "",
        "data-sentences": str(row.sentences),
        "data-flagged": str(row.flagged),
    }
    attribute_text = " ".join(f'{key}="{_text(value)}"' for key, value in attributes.items())
    return (
        f"<tr {attribute_text}>"
        f'<td>{heading}<span class="name">{_text(row.name)}</span>{status}</td>'
        f'<td class="date" data-label="Date">{_text(row.date or "–")}</td>'
        f'<td class="number" data-label="Sentences">{row.sentences}</td>'
        f'<td class="number" data-label="Flags">{flags}</td>'
        f'<td class="summary" lang="en">{summary}</td>'
        "</tr>"
    )


def _summary_sentence(text: str, flags: tuple[str, ...] | None) -> str:
    """A summary sentence, with ⚑ and its pair's flags when that pair is flagged for review."""
    if not flags:
        return _text(text)
    names = _text(", ".join(flags))
    return f'{_text(text)} <span class="flags" title="taken from a flagged pair">⚑ {names}</span>'


def _short(text: str) -> str:
    return text if len(text) <= _TITLE_MAX_CHARS else text[: _TITLE_MAX_CHARS - 1].rstrip() + "…"


def _text(text: str) -> str:
    return escape(xml_safe(text), quote=True)
