"""Find and remove page furniture in scraped FA-KES article texts, reversibly.

FA-KES texts are scraped web pages: besides the article they carry datelines,
share buttons, tag lists, related-article lists, copyright footers and
reporter credits.  That furniture is noise for claim annotation, but the
original FA-KES text must stay recoverable, so every removal is recorded as a
:class:`Cut` (offsets into the ORIGINAL text plus the removed string) and
:func:`rebuild` re-inserts the cuts to give back the original exactly.

Rules are deliberately conservative and mostly anchored to the start or end of
the text or to an outlet-specific marker: a false cut destroys content, a
missed cut only leaves noise.  Pure logic, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

__all__ = ["Cut", "RULES", "find_furniture", "apply_cuts", "rebuild"]


@dataclass(frozen=True)
class Cut:
    """One removed span: ``text == original[start:end]`` (code-point offsets, end-exclusive)."""

    start: int
    end: int
    rule: str
    text: str


RULES: dict[str, str] = {
    "leading-date": "A date/time stamp (optionally 'Posted on'/'Published'/'Last updated at', a weekday, a time, "
    "a 'by <outlet>' credit or 'Regional NNA -') at the very start of the text, fused to the headline or lede.",
    "dateline": "A date (plus 'SANA' agency tag) placed right after the headline (SANA) or after the agency credit "
    "(Ahram), which is page metadata rather than article prose.",
    "share-links": "Share/print widgets and counters: Sputnik 'Get short URL' and ' ... <counts>', Ahram "
    "'Print Tweet Views N', etilaf 'Print this page', 'Twitter font size' and the trailing 'Twitter' button.",
    "tags-block": "Keyword tag lists introduced by 'Tags' (alaraby mid-text, Sputnik trailing with the "
    "'Community standards...Comment via Sputnik News' discussion widget).",
    "related-list": "Lists of related headlines introduced by an explicit marker (Sputnik 'Topic ...'/'Related ...' "
    "before the tags, TRT 'Related News ...' before the site footer).",
    "outlet-footer": "Fixed site boilerplate at the end: TRT subscribe/copyright/menu block, Asharq Al-Awsat "
    "'Launched in London in 1978' blurb, Reuters 'Our Standards' line, Al Arabiya 'Last Update:' stamp.",
    "byline-credit": "Trailing reporter/source credits: Reuters 'Reporting by...', NNA '--Reuters'/'-AFP', "
    "etilaf '(Source: ...)', TRT 'Source ...', SANA reporter names, Alalam editor codes, Asharq Al-Awsat author.",
    "edge-space": "Whitespace at the very start or end of the text, removed so the cut text is trimmed.",
    "repeated-lede": "A second verbatim copy (>= 8 words) of the headline/lede that Al-Manar pages repeat "
    "immediately after the first copy.",
}

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
           r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_WDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*"
_DMY = rf"\d{{1,2}} {_MONTHS} \d{{4}}"          # 6 July 2015 / 12 Jul 2016
_MDY = rf"{_MONTHS} \d{{1,2}},? \d{{4}}"        # April 4 2017
_TIME = r"(?: at \d{4}| \d{1,2}:\d{2}| \d{4} UTC[+-]\d{1,2}| \d{6})?"

_LEADING_DATE = re.compile(
    rf"^(?:(?:Posted on|Published|Last updated at) )?(?:AFP )?(?:{_WDAY},? )?"
    rf"(?:{_DMY}|{_MDY}|{_MONTHS} \d{{6}}|\d{{1,2}}-\d{{2}}-\d{{4}}|\d{{2}}\.\d{{2}}\.\d{{4}}"
    rf"(?:\(updated \d{{4}} \d{{2}}\.\d{{2}}\.\d{{4}}\))?|\d{{2}}\.\d{{2}}\.\d{{4}}\))"
    rf"{_TIME}(?: by Asharq Al-Awsat(?: English)?| Regional NNA -| SANA(?= [A-Z]))?(?= ?)"
)
_POSTED_BY = re.compile(rf"^(?:Posted on )?{_MDY} by ((?:[A-Z][\w-]+ ?){{2,9}})")
_SPUTNIK_HEAD = re.compile(r" ?Get short URL(?: Topic [^()]{3,80} \(\d+\))?(?: 0 0 0| 0 \d+| \d+)?")
_AHRAM_DATELINE = re.compile(rf"(?:(?<=\bAFP )|(?<=\bAP )|(?<=\bReuters )){_WDAY} \d{{1,2}} {_MONTHS} \d{{4}}")
_SANA_DATELINE = re.compile(
    rf"(?<=[A-Za-z0-9.] )(?<!\b[Oo]n )(?<!\b[Ii]n )(?<!\bof )(?<!\bto )"
    rf"{_DMY}(?: (?:Aleppo )?SANA(?:-|(?= [A-Z])(?! reporter| correspondent))| (?=SANA ))")
_AHRAM_SHARE = re.compile(r"(?<= )Print Tweet Views \d+")
_ETILAF_SHARE = re.compile(r"(?<= )(?:Print this page|Twitter font size)(?= )")
_ALARABY_TAGS = re.compile(r"(?<= )Tags (?=[A-Z])")
_NUMBER_WORDS = set("One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen "
                    "Sixteen Seventeen Eighteen Nineteen Twenty Thirty Forty Fifty Sixty Dozens Hundreds "
                    "Thousands".split())
_FUNCTION = set("the a an of in on at to for by with from and was were is are has have had been said".split())
_OPENERS = {"The", "A", "An", "More", "Almost", "Nearly", "Over"}


def _with_space(text: str, s: int, e: int) -> tuple[int, int]:
    """Widen [s, e) by one adjacent space (after if possible, else before) so no double space remains."""
    if e < len(text) and text[e] == " ":
        return s, e + 1
    if s > 0 and text[s - 1] == " ":
        return s - 1, e
    return s, e


_TAIL_RULES: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "asharqalawsat": ((re.compile(r"(?: Asharq Al-Awsat(?: English)? Asharq Al-Awsat is the worlds premier pan-Arab daily "
                                  r"newspaper [^.]{0,80}\.)? Launched in London(?: in 1978 Asharq Al-Awsat .*Arab world\.)?$"),
                       "outlet-footer"),),
    "nna": ((re.compile(r"(?<=[.\"])(?: ?--? ?)(?:Reuters|REUTERS|AFP)$"), "byline-credit"),),
    "etilaf": ((re.compile(r"(?<=[.\"]) \(Source: [^()]{3,60}\)(?= ?Twitter$|$)"), "byline-credit"),
               (re.compile(r"(?<=[.)\"]) ?Twitter$"), "share-links")),
    "arabiya": ((re.compile(r" Last Update: \w+ \d{1,2} \w+ \d{4} KSA \d\d:\d\d - GMT \d\d:\d\d \d+$"), "outlet-footer"),),
    "alalam": ((re.compile(r"(?<=[.!?\")]) (?:[A-Z]{2,8}(?: -)?(?: \d{2,3}(?:-\d{1,2})?)?|\d{2,3}(?:-\d{1,2})?|MoreImage"
                           r"|\d{2} MoreImage)$"), "byline-credit"),),
}
"""Outlets whose trailing furniture is one pattern per rule, searched in this order (the segments
must come in text order: each runs to the next one's start)."""


def _trail(outlet: str, text: str) -> list[tuple[int, str]]:
    """Return (start, rule) of trailing furniture segments; each runs to the next segment or the end."""
    segs: list[tuple[int, str]] = []
    if outlet == "sputnik":
        m = re.search(r" \.\.\. [\d ]*?(?= Topic | Related | Tags | Community standards)", text)
        if m and text.endswith("Comment via Sputnik News"):
            segs.append((m.start(), "share-links"))
            rel = re.compile(r" (?:Topic [^()]{3,80} \(\d+\)(?: Related)?|Related) ").match(text, m.end())
            if rel:
                segs.append((rel.start(), "related-list"))
            tags = text.find(" Tags ", m.end())
            tail = text.find(" Community standards", m.end())
            segs.append((tags if tags >= 0 else tail, "tags-block"))
    elif outlet == "trt":
        m = re.search(r" Related News .*Cookie Policy$", text)
        if m:
            segs.append((m.start(), "related-list"))
            f = text.find(" Category News", m.start())
            f = f if f >= 0 else text.find(" A picture is worth", m.start())
            if f >= 0:
                segs.append((f, "outlet-footer"))
        end = m.start() if m else len(text)
        s = re.search(r"(?<=[.\"]) Source (?:TRT ?World(?: and agencies)?|Reuters|AFP|AA|AP)$", text[:end])
        if s:
            segs.insert(0, (s.start(), "byline-credit"))
    elif outlet == "reuters":
        m = re.search(r"(?<=[.\"]) Reporting by [^.]{3,200}?(?= Our Standards:)", text)
        o = re.search(r" Our Standards:The Thomson Reuters Trust Principles\.$", text)
        if m and o:
            segs.append((m.start(), "byline-credit"))
        if o:
            segs.append((o.start(), "outlet-footer"))
    elif outlet == "sana":
        name = r"(?:[A-Z]\. ?)?(?:[A-Z]\.[A-Z]\.?|R\.J|(?:al-)?[A-Z][a-z]+)"
        m = re.search(rf"(?<=[.!?\"]) (?:English [Bb]ulletin|{name}(?:(?: ?/ ?| ){name})+)$", text)
        if m and len(m.group(0)) <= 70:
            segs.append((m.start(), "byline-credit"))
    for rx, rule in _TAIL_RULES.get(outlet, ()):
        m = rx.search(text)
        if m:
            segs.append((m.start(), rule))
    return segs


def _tags_end(text: str, start: int) -> int | None:
    """End of an alaraby tag list starting at ``start``, or None when the tag/body boundary is unclear.

    Tags and the following body are not separated, so we only cut when the body
    opens with a strong sentence opener (The/A/An/At least/number word...) and
    the words before it look like tags (no lowercase function words).
    """
    toks = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", text[start:start + 500])]
    for i in range(2, min(len(toks), 30)):
        word = toks[i][1]
        if word.rstrip(".") in _FUNCTION:
            return None  # prose before any opener: boundary unclear
        nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
        opener = word in _NUMBER_WORDS or word in _OPENERS or (word == "At" and nxt == "least")
        if opener and nxt[:1].islower():
            return start + toks[i][0]
    return None


def _repeated_lede(text: str, begin: int) -> tuple[int, int] | None:
    """Find a second verbatim copy (>= 8 words) of a passage starting at ``begin`` or a later early sentence."""
    starts = [begin] + [m.end() for m in re.finditer(r"[.!?] ", text[begin:begin + 400])]
    for s in starts:
        s = s if s == begin else begin + s
        words = text[s:].split(" ")
        if len(words) < 9:
            continue
        probe = " ".join(words[:8])
        j = text.find(" " + probe, s + len(probe))
        if j < 0 or j - s > 1500:
            continue
        j += 1
        n = 0
        while j + n < len(text) and s + n < j and text[s + n] == text[j + n]:
            n += 1
        while n > 0 and not (j + n == len(text) or text[j + n] == " "):
            n -= 1
        whole = s + n == j - 1 or text[j + n - 1] in '.!?"'
        if whole and len(text[j:j + n].split()) >= 8:
            return j, j + n
    return None


def find_furniture(text: str, outlet: str) -> list[Cut]:
    """Return the furniture cuts for one article, sorted, non-overlapping and deterministic.

    Every cut carries one adjacent space so that :func:`apply_cuts` leaves no
    double, leading or trailing spaces.
    """
    spans: list[tuple[int, int, str]] = []
    pos = 0
    m = _POSTED_BY.match(text) if outlet == "asharqalawsat" else None
    if m:  # author byline: only cut when the same name closes the article (proves where it ends)
        words = m.group(1).split()
        for k in range(len(words), 0, -1):
            name = " ".join(words[:k])
            tail = re.search(rf" {re.escape(name)}\.?(?= Launched in London|$)", text)
            if k >= 2 and tail and tail.start() > m.end():
                cut_end = m.start(1) + len(name)
                spans.append((0, cut_end + 1, "leading-date"))
                spans.append((tail.start(), tail.end(), "byline-credit"))
                pos = cut_end + 1
                break
    if not pos:
        m = _LEADING_DATE.match(text)
        if m and m.end() < len(text):
            end = m.end() + (text[m.end()] == " ")
            spans.append((0, end, "leading-date"))
            pos = end
    if outlet == "sputnik":
        h = _SPUTNIK_HEAD.match(text, pos)
        if h and h.end() > pos:
            end = h.end() + (h.end() < len(text) and text[h.end()] == " ")
            spans.append((pos, end, "share-links"))
            pos = end
    if outlet == "ahram":
        for rx, rule in ((_AHRAM_DATELINE, "dateline"), (_AHRAM_SHARE, "share-links")):
            for d in rx.finditer(text[:400], pos):
                spans.append((*_with_space(text, d.start(), d.end()), rule))
    if outlet == "sana":
        d = _SANA_DATELINE.search(text[:400], pos)
        if d and d.end() < len(text):
            e = d.end() - (text[d.end() - 1] == " ")
            spans.append((*_with_space(text, d.start(), e), "dateline"))
    if outlet == "etilaf":
        for d in _ETILAF_SHARE.finditer(text):
            spans.append((*_with_space(text, d.start(), d.end()), "share-links"))
    if outlet == "alaraby":
        for t in _ALARABY_TAGS.finditer(text):
            end = _tags_end(text, t.start())
            if end is not None:
                spans.append((t.start() - 1, end - 1, "tags-block"))
    if outlet == "manar":
        rep = _repeated_lede(text, pos)
        if rep:
            spans.append((rep[0] - 1, rep[1], "repeated-lede"))
    for i, (s, rule) in enumerate(segs := _trail(outlet, text)):
        e = segs[i + 1][0] if i + 1 < len(segs) else len(text)
        if e > s:
            spans.append((s, e, rule))
    lead = len(text) - len(text.lstrip())
    if 0 < lead < len(text):
        spans.append((0, lead, "edge-space"))
    trail = len(text.rstrip())
    if lead < len(text) and trail < len(text):
        spans.append((trail, len(text), "edge-space"))
    spans.sort(key=lambda sp: (sp[0], -sp[1]))
    out: list[Cut] = []
    for s, e, rule in spans:
        if out and s < out[-1].end:
            continue  # keep the earlier span; never overlap
        out.append(Cut(s, e, rule, text[s:e]))
    return out


def apply_cuts(text: str, cuts: Sequence[Cut]) -> str:
    """Return ``text`` with the cut ranges removed (cuts must be sorted and non-overlapping)."""
    parts: list[str] = []
    prev = 0
    for c in cuts:
        if c.start < prev or c.end < c.start or text[c.start:c.end] != c.text:
            raise ValueError(f"invalid or overlapping cut {c!r}")
        parts.append(text[prev:c.start])
        prev = c.end
    parts.append(text[prev:])
    return "".join(parts)


def rebuild(cut_text: str, cuts: Sequence[Cut]) -> str:
    """Inverse of :func:`apply_cuts`: re-insert each cut's text at its original offset."""
    parts: list[str] = []
    src = 0  # position in cut_text
    orig = 0  # position in the original text being rebuilt
    for c in cuts:
        take = c.start - orig
        if take < 0 or src + take > len(cut_text):
            raise ValueError(f"cut {c!r} does not fit the text")
        parts.append(cut_text[src:src + take])
        parts.append(c.text)
        src += take
        orig = c.end
    parts.append(cut_text[src:])
    return "".join(parts)
