"""Prompt templates as data: text files with `string.Template` placeholders.

The built-in templates ship inside the package (`translate/summary/templates/`, read through
`importlib.resources`, so they work from a wheel as well as from a checkout); a user's own
template is any file given by its path.

A template is checked when it is loaded, not when it is used: a placeholder we do not fill, a `$`
that starts no placeholder, or a template without `$text` (the model would never see the
article) is a `TemplateError` naming the template and the variable.
"""

from __future__ import annotations

import hashlib
import logging
import string
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from translate.document import AlignedDocument, SentencePair
from translate.errors import InputError, TemplateError, UsageError
from translate.read.source import read_plain_file
from translate.summary.cleaning import ends_a_sentence
from translate.summary.extractive import count_words

logger = logging.getLogger(__name__)

# The templates `--summary-prompt NAME` chooses from.
BUILTIN_TEMPLATES: Traversable = files("translate.summary") / "templates"
DEFAULT_PROMPT = "summary"
TEMPLATE_SUFFIX = ".txt"
# Every placeholder a template may use, and those it must use.
VARIABLES = ("sentences", "text", "title", "words")
REQUIRED = ("text",)
# A first paragraph of one sentence this short, with no final stop, is the headline (`$title`).
_HEADLINE_MAX_WORDS = 20


@dataclass(frozen=True, slots=True)
class PromptTemplate:
    """A checked template: its name, where it came from, its text and the text's SHA-256."""

    name: str
    source: str
    text: str
    sha256: str

    def render(self, *, text: str, title: str, words: int, sentences: int) -> str:
        """The prompt with every placeholder filled in."""
        return string.Template(self.text).substitute(
            text=text, title=title, words=words, sentences=sentences
        )


def parse_template(text: str, *, name: str, source: str) -> PromptTemplate:
    """Check a template's placeholders; `source` names it in errors (where the text came from)."""
    template = string.Template(text)
    if not template.is_valid():
        line, snippet = _first_invalid(text)
        raise TemplateError(
            f"prompt template {source}, line {line}: `{snippet}` is not a placeholder; use one of "
            f"{_known()}, or write $$ for a literal dollar sign."
        )
    used = template.get_identifiers()
    for variable in used:
        if variable not in VARIABLES:
            raise TemplateError(
                f"prompt template {source} uses the unknown placeholder ${variable}; "
                f"the known ones are {_known()}."
            )
    for variable in REQUIRED:
        if variable not in used:
            raise TemplateError(
                f"prompt template {source} has no ${variable} placeholder, so the article would "
                f"never reach the model; add ${variable} where the article's text belongs."
            )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return PromptTemplate(name=name, source=source, text=text, sha256=digest)


def load_template(
    name_or_path: str, *, templates: Traversable = BUILTIN_TEMPLATES
) -> PromptTemplate:
    """The built-in template NAME (in `templates`), or the file at PATH (a `/` or `.txt`)."""
    path: Traversable = Path(name_or_path).expanduser()
    is_path = "/" in name_or_path or name_or_path.endswith(TEMPLATE_SUFFIX) or path.is_file()
    if not is_path:
        path = templates / f"{name_or_path}{TEMPLATE_SUFFIX}"
    try:
        if is_path and Path(str(path)).exists():  # the user's: no FIFO, no device, capped
            text = read_plain_file(Path(str(path)), "a prompt template").decode("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
    except InputError as error:
        raise TemplateError(f"prompt template {error}") from None
    except FileNotFoundError:
        if is_path:
            raise TemplateError(
                f"prompt template {path} does not exist; check --summary-prompt."
            ) from None
        raise TemplateError(
            f"prompt template {name_or_path!r} is not one of the built-in templates "
            f"({', '.join(template_names(templates)) or 'none'}); pass one of those names or "
            "the path of a template file to --summary-prompt."
        ) from None
    except UnicodeDecodeError:
        raise TemplateError(
            f"prompt template {path} is not UTF-8 text; convert it, e.g. with iconv."
        ) from None
    except OSError as error:
        raise TemplateError(f"prompt template {path} cannot be read ({error.strerror}).") from None
    return parse_template(text, name=path.name.removesuffix(TEMPLATE_SUFFIX), source=str(path))


def template_names(templates: Traversable = BUILTIN_TEMPLATES) -> list[str]:
    """The names of the templates in `templates`, sorted."""
    if not templates.is_dir():
        return []
    return sorted(
        entry.name.removesuffix(TEMPLATE_SUFFIX)
        for entry in templates.iterdir()
        if entry.name.endswith(TEMPLATE_SUFFIX)
    )


def _known() -> str:
    return ", ".join(f"${variable}" for variable in VARIABLES)


def _first_invalid(text: str) -> tuple[int, str]:
    """The line number and text of the first `$` that starts no placeholder."""
    for match in string.Template.pattern.finditer(text):
        if match.group("invalid") is not None:
            start = match.start()
            line = text.count("\n", 0, start) + 1
            return line, text[start : start + 12].split()[0]  # starts with `$`, never blank
    return 1, "$"


def title_and_body(document: AlignedDocument) -> tuple[str, list[SentencePair]]:
    """The headline (a first paragraph of one short sentence with no final stop) and the rest.

    Without such a headline the title is the article's name and every pair is body.
    """
    paragraphs = document.paragraphs()
    if len(paragraphs) > 1 and len(paragraphs[0]) == 1:
        headline = paragraphs[0][0].target.strip()
        short = 0 < count_words(headline) <= _HEADLINE_MAX_WORDS
        if short and not ends_a_sentence(headline):
            return headline, [pair for group in paragraphs[1:] for pair in group]
    return document.name, list(document.pairs)


def body_text(pairs: list[SentencePair]) -> str:
    """English sentences joined by spaces, paragraphs separated by a blank line."""
    paragraphs: dict[int, list[str]] = {}
    for pair in pairs:
        paragraphs.setdefault(pair.paragraph, []).append(pair.target)
    return "\n\n".join(" ".join(group) for group in paragraphs.values())


def fit_prompt(
    document: AlignedDocument,
    template: PromptTemplate,
    count_tokens: Callable[[str], int],
    limit: int,
    words: int,
    sentences: int,
) -> str:
    """The rendered prompt, the article cut after its last sentence that still fits `limit`.

    News puts the essentials first, so the end of an article is what goes when it is too long;
    a warning says how much.
    """
    title, pairs = title_and_body(document)

    def render(kept: int) -> str:
        return template.render(
            text=body_text(pairs[:kept]), title=title, words=words, sentences=sentences
        )

    if count_tokens(render(len(pairs))) <= limit:
        return render(len(pairs))
    low, high = 0, len(pairs)  # render(low) fits or low is 0; render(high) does not fit
    while high - low > 1:
        middle = (low + high) // 2
        if count_tokens(render(middle)) <= limit:
            low = middle
        else:
            high = middle
    if low == 0:
        raise UsageError(
            f"{document.name}: not even the article's first sentence fits the summary model's "
            f"{limit}-token input beside the prompt and a {words}-word answer; ask for fewer "
            "--summary-words or use a model with a longer input."
        )
    logger.warning(
        "%s: the article is longer than the summary model's %d-token input; only its first "
        "%d of %d sentences were given to the model",
        document.name,
        limit,
        low,
        len(pairs),
    )
    return render(low)
