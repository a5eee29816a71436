"""Stories are rich text: a small set of tags, no attributes but links, nothing that runs or styles.

What remains renders under the strict CSP (no inline styles or scripts) and in the booklet PDF.
"""

import html
import re

import nh3

TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "blockquote", "a"}
ATTRIBUTES = {"a": {"href"}}
MAX_CHARS = 50_000


def clean(text: str) -> str:
    """Sanitised HTML; plain text (no tags) becomes paragraphs, one per blank-line-separated block."""
    text = (text or "").strip()
    if not text:
        return ""
    if not re.search(r"<[a-zA-Z/][^>]*>", text):
        blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
        text = "".join(f"<p>{html.escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)
    return nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


def plain(text: str) -> str:
    """The story as plain text (feeds' summaries, e-mail)."""
    without_tags = re.sub(r"<br\s*/?>|</p>|</li>|</h[34]>", "\n", text or "")
    return html.unescape(nh3.clean(without_tags, tags=set())).strip()
