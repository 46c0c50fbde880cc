"""The side-by-side HTML page: one self-contained file to read an article in both languages.

No network: CSS and the few lines of script are inline. Each sentence pair is one grid row, so
German row N and English row N always share a line however long either side is; on a narrow
screen the two cells of a row stack. Hovering or focusing a pair highlights it (CSS alone);
with word alignment, hovering a word also highlights the words it is aligned to (script).
A flagged pair's mark is a button: its reasons in words open on a tap or a click (script) and on
keyboard focus (CSS), and a legend explains every flag that occurs; a summary sentence taken
from a flagged pair carries the same mark. The confidence shows on a focused or hovered row, or
on every row with the "Show confidence" switch (CSS alone); it comes after the row's ⚑ button,
so that showing it when a tap focuses the row never moves the button from under the finger. A
summary link scrolls its row below the sticky column header (`scroll-margin-top`), not under it.
The page leads with what a reader looks for: the English title, where the article came from
and its date, the summary; the legend and the run signature come after the sentences.
Every piece of text is HTML-escaped.
"""

from __future__ import annotations

import json
from html import escape

from translate.align import DEFAULT_CONFIDENCE_THRESHOLD, FLAG_REASONS, pair_reasons
from translate.document import AlignedDocument, RunInfo, SentencePair, Summary
from translate.render.articleinfo import article_date, article_title, date_in_path
from translate.render.memorymarks import memory_marks
from translate.render.xmltext import xml_safe

HTML_FILE = "side-by-side.html"

_STYLE = """
:root { --line: #d0d7de; --hover: #fff3bf; --word: #ffd43b; --flag: #c92a2a; --muted: #57606a; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 80rem; padding: 1rem;
       color: #1f2328; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.origin, .source { margin: 0 0 .25rem; overflow-wrap: anywhere; }
.origin { color: var(--muted); font-size: .9rem; }
.origin code { font-size: .85rem; }
header { margin: 0 0 1rem; }
.signature { color: var(--muted); font-size: .8rem; overflow-wrap: anywhere; margin: 1rem 0; }
.summary { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem;
           margin-bottom: 1rem; }
.summary h2, .paragraph h2, .legend h2 { font-size: 1rem; margin: .5rem 0; }
.legend { color: var(--muted); font-size: .9rem; margin: 0 0 1rem; }
.legend dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem;
             margin: .25rem 0; }
.legend dt { color: var(--flag); font-weight: 600; }
.legend dd { margin: 0; }
.tools { color: var(--muted); font-size: .9rem; cursor: pointer; }
.review-note { color: var(--muted); font-size: .9rem; margin: 0 0 .5rem; }
#show-confidence { margin: 0 .35rem 0 0; vertical-align: middle; }
.tools-note { color: var(--muted); font-size: .8rem; margin: .1rem 0 .75rem; }
.columns, .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.5rem; }
.columns { position: sticky; top: 0; background: #fff; border-bottom: 2px solid var(--line);
           font-weight: 600; padding: .25rem .5rem; }
.paragraph { margin: 0 0 1rem; }
.paragraph h2 { color: var(--muted); font-weight: 500; font-size: .8rem; }
.pair { padding: .25rem .5rem; border-bottom: 1px solid var(--line); outline: none;
        scroll-margin-top: 3.5rem; }
.pair:hover, .pair:focus, .pair:focus-within, .pair:target { background: var(--hover); }
.pair:focus-visible { outline: 2px solid #0969da; }
.pair.flagged { box-shadow: inset 3px 0 0 var(--flag); }
.tm { color: #1a7f37; font-size: .85rem; margin-left: .25rem; } .tm-match { margin: .25rem 0; }
.id { color: var(--muted); font-size: .75rem; margin-right: .25rem; }
.flag { color: var(--flag); font: inherit; font-size: .85rem; font-weight: 600;
        margin-left: .25rem; padding: 0 .3rem; border: 1px solid var(--flag);
        border-radius: .25rem; background: #fff; cursor: pointer; }
.flag:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
.why { display: none; margin: .25rem 0; padding: .25rem .5rem; border-left: 3px solid var(--flag);
       background: #fff5f5; font-size: .9rem; color: #1f2328; }
.why ul { margin: 0; padding-left: 1rem; }
.flag[aria-expanded="true"] + .why, .flag:focus-visible + .why { display: block; }
@media (hover: hover) { .flag:hover + .why { display: block; } }
.confidence { display: none; color: var(--muted); font-size: .8rem; margin-left: .5rem;
              white-space: nowrap; }
.pair:focus .confidence, .pair:focus-within .confidence, .pair:target .confidence,
#show-confidence:checked ~ main .confidence { display: inline; }
@media (hover: hover) { .pair:hover .confidence { display: inline; } }
.w.linked { background: var(--word); border-radius: .2rem; }
@media (max-width: 40rem) {
  .columns { display: none; }
  .pair { grid-template-columns: 1fr; }
  .legend dl { grid-template-columns: 1fr; }
  .legend dd { margin: 0 0 .25rem 1rem; }
  .pair .en { margin-top: .25rem; padding-left: .75rem; border-left: 3px solid var(--line); }
}
@media print {
  .columns { position: static; }
  .pair { break-inside: avoid; }
  .pair:hover, .pair:target { background: none; }
  .flag { border: none; padding: 0; }
}
"""

# Word-alignment highlighting: each pair carries its links as JSON in `data-alignment`.
_SCRIPT = """
document.querySelectorAll(".pair[data-alignment]").forEach(function (pair) {
  var links = JSON.parse(pair.dataset.alignment);
  function mark(event, on) {
    var word = event.target.closest(".w");
    if (!word) { return; }
    var side = word.closest(".de") ? 0 : 1;
    var index = Number(word.dataset.w);
    word.classList.toggle("linked", on);
    links.forEach(function (link) {
      if (link[side] !== index) { return; }
      var selector = (side ? ".de" : ".en") + ' .w[data-w="' + link[1 - side] + '"]';
      var other = pair.querySelector(selector);
      if (other) { other.classList.toggle("linked", on); }
    });
  }
  pair.addEventListener("mouseover", function (event) { mark(event, true); });
  pair.addEventListener("mouseout", function (event) { mark(event, false); });
});
"""

# A flag's button opens and closes its reasons on a click or tap; Escape closes them all.
_FLAG_SCRIPT = """
document.querySelectorAll("button.flag").forEach(function (button) {
  button.addEventListener("click", function (event) {
    event.stopPropagation();
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
  });
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") { return; }
  document.querySelectorAll('button.flag[aria-expanded="true"]').forEach(function (button) {
    button.setAttribute("aria-expanded", "false");
  });
});
"""


def render_html(document: AlignedDocument, summary: Summary, run: RunInfo) -> str:
    """The article as one self-contained HTML page: title, source and summary on top, then the
    aligned pairs, then the legend of the flags and the run signature."""
    title = _text(article_title(document) if document.pairs else document.name)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="translate {_text(run.tool_version)}">',
        f'<meta name="translate-signature" content="{_text(run.signature())}">',
        f'<meta name="translate-input-sha256" content="{_text(run.input_sha256)}">',
        *(
            f'<meta name="translate-source-{key.replace("_", "-")}" content="{_text(value)}">'
            for key, value in run.metadata.record().items()
        ),
        f"<title>{title}: German / English</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f'<h1 lang="en">{title}</h1>',
        *_origin(document, run),
        *_source(run),
        "</header>",
        *_summary(summary, {pair.id: pair for pair in document.pairs if pair.flags}),
        *_review_note(document),
        *_confidence_switch(document),
        '<div class="columns" aria-hidden="true"><div lang="de">Deutsch</div>'
        '<div lang="en">English</div></div>',
        "<main>",
    ]
    for number, group in enumerate(document.paragraphs(), start=1):
        parts.append(f'<section class="paragraph" aria-label="Paragraph {number}">')
        parts.append(f"<h2>Paragraph {number}</h2>")
        parts.extend(_pair(pair) for pair in group)
        parts.append("</section>")
    parts += ["</main>", *_legend(document), *_confidence_note(document)]
    parts.append(
        '<footer class="signature">Machine translation; run signature '
        f"<code>{_text(run.signature())}</code></footer>"
    )
    if any(pair.alignment for pair in document.pairs):
        parts.append(f"<script>{_SCRIPT}</script>")
    if any(pair.flags for pair in document.pairs):
        parts.append(f"<script>{_FLAG_SCRIPT}</script>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _text(text: str) -> str:
    """Escape text for HTML content and attribute values."""
    return escape(xml_safe(text), quote=True)


def _origin(document: AlignedDocument, run: RunInfo) -> list[str]:
    """Where the article came from (its file or URL, as given) and its date, when known."""
    parts = []
    if run.source == "-":
        parts.append("From standard input")
    elif run.source:
        shown = _text(run.source)
        where = f'<a href="{shown}">{shown}</a>' if _is_web(run.source) else f"<code>{shown}</code>"
        parts.append(f"From {where}")
    else:
        parts.append(f"<code>{_text(document.name)}</code>")
    date = article_date(document) or date_in_path(run.source)
    if date:
        parts.append(f"<time>{_text(date)}</time>")
    return [f'<p class="origin">{" · ".join(parts)}</p>']


def _source(run: RunInfo) -> list[str]:
    """What the page the article came from states about itself: title, author, date, link."""
    stated = run.metadata
    parts = [
        f'<cite lang="de">{_text(stated.title)}</cite>' if stated.title else "",
        _text(stated.author) if stated.author else "",
        f"<time>{_text(stated.date)}</time>" if stated.date else "",
        f'<a href="{_text(stated.url)}">{_text(stated.url)}</a>'
        if stated.url and _is_web(stated.url)
        else "",
    ]
    shown = [part for part in parts if part]
    return [f'<p class="source">{" · ".join(shown)}</p>'] if shown else []


def _is_web(url: str) -> bool:
    """Only http(s) addresses become links (never `javascript:` from a page's metadata)."""
    return url.lower().startswith(("http://", "https://"))


def _summary(summary: Summary, flagged: dict[str, SentencePair]) -> list[str]:
    """The summary, each extracted sentence linked to its row and marked when that is flagged."""
    if not summary.sentences:
        return []
    items = []
    for sentence in summary.sentences:
        if not sentence.pair_id:
            items.append(f"<li>{_text(sentence.text)}</li>")
            continue
        link = f'<a href="#{_text(sentence.pair_id)}">{_text(sentence.text)}</a>'
        pair = flagged.get(sentence.pair_id)
        mark = _flag_mark(pair, f"why-summary-{pair.id}") if pair else ""
        items.append(f"<li>{link}{mark}</li>")
    return [
        '<section class="summary" lang="en" aria-label="Summary">',
        "<h2>Summary</h2>",
        "<ol>",
        *items,
        "</ol>",
        "</section>",
    ]


def _legend(document: AlignedDocument) -> list[str]:
    """What each flag that occurs means, in words, with how many pairs carry it."""
    counts: dict[str, int] = {}
    for pair in document.pairs:
        for flag in pair.flags:
            counts[flag] = counts.get(flag, 0) + 1
    if not counts:
        return []
    flagged = sum(1 for pair in document.pairs if pair.flags)
    entries = [
        f"<dt>⚑ {_text(flag)}</dt><dd>{_text(_reason(flag))} "
        f"({count} {'pair' if count == 1 else 'pairs'})</dd>"
        for flag, count in sorted(counts.items())
    ]
    return [
        '<section class="legend" id="review-flags" aria-label="Review flags">',
        "<h2>Review flags</h2>",
        f"<p>{flagged} of {len(document.pairs)} pairs are flagged for review; tap, click or "
        "focus a ⚑ mark to read why.</p>",
        "<dl>",
        *entries,
        "</dl>",
        "</section>",
    ]


def _review_note(document: AlignedDocument) -> list[str]:
    """One line above the sentences: how many pairs are flagged, and where the legend is."""
    flagged = sum(1 for pair in document.pairs if pair.flags)
    if not flagged:
        return []
    return [
        f'<p class="review-note">⚑ {flagged} of {len(document.pairs)} pairs flagged for review: '
        'tap a ⚑ to read why (<a href="#review-flags">every flag explained</a>).</p>'
    ]


def _confidence_switch(document: AlignedDocument) -> list[str]:
    """The switch that shows every pair's confidence; CSS reads it (`#show-confidence:checked`)."""
    if all(pair.confidence is None for pair in document.pairs):
        return []
    return [
        '<input type="checkbox" id="show-confidence">'
        '<label class="tools" for="show-confidence">Show every confidence</label>'
        ' <a class="tools" href="#confidence-note">(what it means)</a>',
    ]


def _confidence_note(document: AlignedDocument) -> list[str]:
    """What the confidence means, under the sentences, where the switch's link points."""
    if all(pair.confidence is None for pair in document.pairs):
        return []
    return [
        '<p class="tools-note" id="confidence-note">Confidence is the model\'s mean '
        f"log-probability per token: 0 is certain; below {DEFAULT_CONFIDENCE_THRESHOLD:g} a pair "
        "is flagged low-confidence. A row shows its own when you focus, tap or point at it.</p>",
    ]


def _reason(flag: str) -> str:
    return FLAG_REASONS.get(flag, flag)


def _flag_mark(pair: SentencePair, why_id: str) -> str:
    """The ⚑ button naming the pair's flags, and the reasons it opens (`why_id`)."""
    reasons = "".join(f"<li>{_text(flag)}: {_text(why)}</li>" for flag, why in pair_reasons(pair))
    if pair.confidence is not None:
        reasons += f"<li>confidence {pair.confidence:.4f}</li>"
    names = _text(", ".join(pair.flags))
    return (
        f'<button type="button" class="flag" aria-expanded="false" aria-controls="{why_id}" '
        f'aria-describedby="{why_id}">⚑ {names}</button>'
        f'<div class="why" id="{why_id}" role="note"><ul>{reasons}</ul></div>'
    )


def _pair(pair: SentencePair) -> str:
    classes = "pair flagged" if pair.flags else "pair"
    attributes = f'class="{classes}" id="{pair.id}" tabindex="0"'
    confidence = ""
    if pair.confidence is not None:
        attributes += f' data-confidence="{pair.confidence:.4f}"'
        confidence = f'<span class="confidence">confidence {pair.confidence:.4f}</span>'
    source, target = _text(pair.source), _text(pair.target)
    if pair.alignment:
        links = json.dumps([list(link) for link in pair.alignment], separators=(",", ":"))
        attributes += f' data-alignment="{_text(links)}"'
        source, target = _words(pair.source), _words(pair.target)
    flag = _flag_mark(pair, f"why-{pair.id}") if pair.flags else ""
    # The confidence after the ⚑ button: shown when a tap focuses the row, it moves nothing.
    return (
        f"<div {attributes}>"
        f'<div class="de" lang="de"><span class="id">{pair.id}</span>{source}</div>'
        f'<div class="en" lang="en">{target}{flag}{confidence}{memory_marks(pair)}</div>'
        "</div>"
    )


def _words(text: str) -> str:
    """Each whitespace-separated word in a span numbered as the alignment counts words."""
    return " ".join(
        f'<span class="w" data-w="{index}">{_text(word)}</span>'
        for index, word in enumerate(text.split())
    )
