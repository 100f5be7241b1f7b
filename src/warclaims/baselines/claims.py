"""Attributed-claims baseline in three steps, each learned from train and each scored alone.

1. Cue detection. The lexicon is every train cue as a case-folded token sequence, plus (when
   `open_cues`) the open reporting-verb list of `cue_lexicon` with its inflections. Every
   occurrence of a lexicon entry in a text (longest match first, token-aligned, no overlaps) is a
   candidate; a logistic regression over the entry, its lemma, whether train saw it, and its
   context (`claim_features.cue_features`) says whether it is a cue. Kept when the
   probability is at least `cue_threshold`.
2. Source selection. Candidates are the token n-grams (1-8 tokens: words, inner hyphens and clitics; pronouns too) within `window`
   tokens before or after the cue in its sentence; a logistic regression ranks them on side,
   distance, length, first/last word, neighbouring words and capitalisation (a capitalised word is
   seen by its identity and by its shape, so that a name never seen in train can be chosen). The best candidate
   is the source when its probability is at least `source_threshold`. Its kind comes from a
   logistic regression over the span's words, edge words, inner capitals and length (trained on
   the train sources); with a single train kind, the majority kind of its last word, else
   `named` when it has a capitalised word that is not sentence-initial, else the most frequent
   non-named kind.
3. Claim span. The claim follows the cue when at least three words follow it (after a source
   placed after the cue), precedes it when the cue ends the sentence, and otherwise lies on the
   side where train claims of that cue entry mostly lie. After: from the cue (or the source
   after it) to the sentence end, starting after a `that` found within eight tokens. Before:
   from the sentence start to the source or cue. Another cue of the sentence (with its source)
   bounds the claim: it ends where the next cue's material starts and begins after the
   previous. Enclosing quotation marks are left out; the final stop is kept or dropped as train
   claims mostly do. Quote (`quote_kind`): direct when marks open and close around the span, mixed
   when it holds one, else indirect. Certainty: the majority
   train certainty of the cue entry, else the overall majority.
4. Speech that runs on (when `continue_speech`): after the last cue of a sentence, each following
   sentence without a cue of its own is asked whether it continues the same speech
   (`claim_continuation`, a logistic regression learned from train; "yes" when its probability is
   at least `run_threshold`); each "yes" is one more claim,
   the whole sentence (trimmed as above), with the cue's source and cue (GUIDELINES D13); the first
   "no" ends the run.
Two cues that select the same source span share one source; a claim span already claimed by an
earlier cue of the sentence is not repeated (the later cue stays, without a claim).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Sequence

from sklearn.base import BaseEstimator

from .. import schemas
from ..records import Claim, Cue, Document, Layers, Source
from . import claim_continuation
from .claim_features import QUOTES, _is_word, _word, cue_features, kind_features, source_candidates, source_features
from .cue_lexicon import CUE_FORMS
from .tokens import Token, sentences_tokens, single_blas_thread, tokenize

_QUOTES = QUOTES
_MAX_CUE = 5
_MIN_AFTER = 3
_THAT_WINDOW = 8


def _key(text: str) -> tuple[str, ...]:
    return tuple(t.text.casefold() for t in tokenize(text))


def _source_words(text: str, start: int, end: int) -> list[str]:
    """The words of a source span as `claim_features._word` sees them (names as shapes)."""
    toks = tokenize(text[start:end])
    return [_word(toks, k) for k in range(len(toks))]


def _majority(counter: Counter[str], order: Sequence[str]) -> str | None:
    if not counter:
        return None
    return max(counter, key=lambda k: (counter[k], -order.index(k) if k in order else 0))


def _find_lexicon(toks: Sequence[Token], lexicon: set[tuple[str, ...]]) -> list[tuple[int, int, tuple[str, ...]]]:
    low = [t.text.casefold() for t in toks]
    out, i = [], 0
    while i < len(toks):
        for n in range(min(_MAX_CUE, len(toks) - i), 0, -1):
            key = tuple(low[i:i + n])
            if key in lexicon:
                out.append((i, i + n, key))
                i += n
                break
        else:
            i += 1
    return out


def _tok_index(toks: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """Token range exactly covering [start, end), or None."""
    a = next((k for k, t in enumerate(toks) if t.start == start), None)
    b = next((k for k, t in enumerate(toks) if t.end == end), None)
    return (a, b + 1) if a is not None and b is not None and b >= a else None


def _lr(C: float, seed: int) -> Any:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([("vec", DictVectorizer()),
                     ("clf", LogisticRegression(C=C, max_iter=2000, class_weight="balanced", random_state=seed))])


class _Binary:
    """A fitted binary classifier, or the constant rate when train had one class only."""

    def __init__(self, xs: list[dict[str, Any]], ys: list[int], C: float, seed: int) -> None:
        self.const = None if len(set(ys)) > 1 else float(ys[0]) if ys else 0.0
        self.model = None
        if self.const is None:
            with single_blas_thread():
                self.model = _lr(C, seed).fit(xs, ys)

    def proba(self, xs: list[dict[str, Any]]) -> list[float]:
        if not xs:
            return []
        if self.model is None:
            return [self.const or 0.0] * len(xs)
        return [float(p) for p in self.model.predict_proba(xs)[:, 1]]


def quote_kind(toks: Sequence[Token], a: int, b: int) -> str:
    """`direct` when a quotation mark opens right before toks[a:b] and one closes right after it
    (a final stop may come between), `mixed` when one lies inside, else `indirect` (GUIDELINES 2.1:
    a lone opening "•" without a closing mark is indirect)."""
    inside = any(t.text in _QUOTES for t in toks[a:b])
    left = a > 0 and toks[a - 1].text in _QUOTES
    right = any(t.text in _QUOTES for t in toks[b:b + 2])
    if left and right and not inside:
        return "direct"
    return "mixed" if inside else "indirect"


class ClaimExtractor(BaseEstimator):
    """Cue detection, source selection and claim-span extraction (see the module docstring)."""

    def __init__(self, C: float = 1.0, cue_threshold: float = 0.5, source_threshold: float = 0.3,
                 window: int = 8, open_cues: bool = True, continue_speech: bool = True, run_threshold: float = 0.5,
                 seed: int = 0) -> None:
        self.C = C
        self.continue_speech = continue_speech
        self.run_threshold = run_threshold
        self.open_cues = open_cues
        self.cue_threshold = cue_threshold
        self.source_threshold = source_threshold
        self.window = window
        self.seed = seed

    def fit(self, docs: Sequence[Document]) -> "ClaimExtractor":
        """Learn the cue lexicon, the cue and source classifiers and the span rules from `docs`."""
        labels = schemas.labels()
        lex: Counter[tuple[str, ...]] = Counter()
        self.n_cues_too_long_ = 0
        for d in docs:
            for c in d.layers.cues:
                key = _key(d.text[c.start:c.end])
                if 0 < len(key) <= _MAX_CUE:
                    lex[key] += 1
                else:
                    self.n_cues_too_long_ += 1
        self.lexicon_ = dict(sorted(lex.items()))
        lexicon = self._candidates()
        train_keys = set(self.lexicon_)
        cue_x: list[dict[str, Any]] = []
        cue_y: list[int] = []
        src_x: list[dict[str, Any]] = []
        src_y: list[int] = []
        side: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        cert: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        kinds: dict[str, Counter[str]] = defaultdict(Counter)
        period = Counter()
        kind_x: list[dict[str, Any]] = []
        kind_y: list[str] = []
        self.n_sources_ = self.n_sources_reachable_ = 0
        firsts, lasts = set(), set()
        for d in docs:
            for s in d.layers.sources:
                words = _source_words(d.text, s.start, s.end)
                if words:
                    firsts.add(words[0])
                    lasts.add(words[-1])
        self.source_edges_ = (frozenset(firsts), frozenset(lasts), frozenset(k[0] for k in self.lexicon_ if len(k) == 1))
        run_x: list[dict[str, Any]] = []
        run_y: list[int] = []
        for d in docs:
            sents = sentences_tokens(d.text)
            if self.continue_speech:
                xs, ys = claim_continuation.examples(d, sents)
                run_x += xs
                run_y += ys
            cue_spans = {(c.start, c.end): c for c in d.layers.cues}
            sources = {s.id: s for s in d.layers.sources}
            claims_of: dict[str, list[Claim]] = defaultdict(list)
            for cl in d.layers.claims:
                period[d.text[cl.start:cl.end].rstrip()[-1:] in ".!?"] += 1
                if cl.cue_id is not None:
                    claims_of[cl.cue_id].append(cl)
            for s in d.layers.sources:
                k = _key(d.text[s.start:s.end])
                if k:
                    kinds[k[-1]][s.kind] += 1
            for _, toks in sents:
                for s in d.layers.sources:
                    rng = _tok_index(toks, s.start, s.end)
                    if rng is not None:
                        kind_x.append(kind_features(toks, *rng))
                        kind_y.append(s.kind)
            for _, toks in sents:
                for i, j, key in _find_lexicon(toks, lexicon):
                    cue = cue_spans.get((toks[i].start, toks[j - 1].end))
                    cue_x.append(cue_features(toks, i, j, key, train_keys))
                    cue_y.append(int(cue is not None))
                    if cue is None:
                        continue
                    for cl in claims_of.get(cue.id, ()):
                        side[key]["after" if cl.start >= cue.end else "before"] += 1
                        cert[key][cl.certainty] += 1
                        src = sources.get(cl.source_id) if cl.source_id else None
                        if src is None:
                            continue
                        self.n_sources_ += 1
                        gold = _tok_index(toks, src.start, src.end)
                        cands = source_candidates(toks, i, j, self.window)
                        self.n_sources_reachable_ += gold in cands
                        for a, b in cands:
                            src_x.append(source_features(toks, a, b, i, j, self.source_edges_))
                            src_y.append(int((a, b) == gold))
        self.run_model_ = _Binary(run_x, run_y, self.C, self.seed) if run_x else None
        self.n_run_examples_ = (len(run_y), sum(run_y))
        self.cue_model_ = _Binary(cue_x, cue_y, self.C, self.seed)
        self.source_model_ = _Binary(src_x, src_y, self.C, self.seed)
        all_side = sum(side.values(), Counter())
        self.default_side_ = _majority(all_side, ("after", "before")) or "after"
        self.side_ = {k: _majority(v, ("after", "before")) for k, v in sorted(side.items())}
        all_cert = sum(cert.values(), Counter()) + Counter(c.certainty for d in docs for c in d.layers.claims)
        self.default_certainty_ = _majority(all_cert, labels["certainty"]) or labels["certainty"][0]
        self.certainty_ = {k: _majority(v, labels["certainty"]) for k, v in sorted(cert.items())}
        self.kind_ = {k: _majority(v, labels["source_kind"]) for k, v in sorted(kinds.items())}
        self.kind_model_ = None
        if len(set(kind_y)) > 1:
            with single_blas_thread():
                self.kind_model_ = _lr(self.C, self.seed).fit(kind_x, kind_y)
        other = Counter(s.kind for d in docs for s in d.layers.sources if s.kind != "named")
        self.other_kind_ = _majority(other, labels["source_kind"]) or "unspecified"
        self.keep_period_ = period[True] > period[False]
        self.n_cue_candidates_ = len(cue_y)
        return self

    def _candidates(self) -> set[tuple[str, ...]]:
        """Cue candidate keys: the train lexicon, plus the open reporting-verb list if `open_cues`."""
        return set(self.lexicon_) | (set(CUE_FORMS) if self.open_cues else set())

    def _trim(self, toks: Sequence[Token], a: int, b: int) -> tuple[int, int]:
        """Leading quotation marks and colons and trailing quotation marks, commas, semicolons and
        colons (and the final stop unless train claims keep it) left out of toks[a:b]."""
        while a < b and (toks[a].text in _QUOTES or toks[a].text in ":,"):
            a += 1
        while b > a and (toks[b - 1].text in _QUOTES or toks[b - 1].text in ",;:"
                         or (not self.keep_period_ and toks[b - 1].text in ".!?")):
            b -= 1
        return a, b

    def _kind(self, toks: Sequence[Token], a: int, b: int) -> str:
        if self.kind_model_ is not None:
            return str(self.kind_model_.predict([kind_features(toks, a, b)])[0])
        last = toks[b - 1].text.casefold()
        if last in self.kind_:
            return self.kind_[last]
        if any(t.text[:1].isupper() for t in toks[max(a, 1):b]) or (a > 0 and toks[a].text[:1].isupper()):
            return "named"
        return self.other_kind_

    def _claim_range(self, toks: Sequence[Token], i: int, j: int, src: tuple[int, int] | None, side: str,
                     lo: int = 0) -> tuple[int, int]:
        """Token range of the claim of cue toks[i:j]; `toks` ends where the next cue's material starts
        and `lo` is where the previous cue's material ends."""
        if side == "after":
            a = src[1] if src is not None and src[0] >= j else j
            that = [k for k in range(a, min(len(toks), a + _THAT_WINDOW)) if toks[k].text.casefold() == "that"]
            if that:
                a = that[0] + 1
            b = len(toks)
        else:
            a = min(lo, i)
            b = min(i, src[0]) if src is not None and src[1] <= i else i
        return self._trim(toks, a, b)

    def _side(self, toks: Sequence[Token], j: int, src: tuple[int, int] | None, key: tuple[str, ...]) -> str:
        """`after` when at least `_MIN_AFTER` words follow the cue (and a source right after it),
        `before` when the cue ends its sentence; in between, the cue's side learned from train."""
        a = src[1] if src is not None and src[0] >= j else j
        words = sum(1 for t in toks[a:] if _is_word(t))
        if words >= _MIN_AFTER:
            return "after"
        if words == 0:
            return "before"
        return self.side_.get(key, self.default_side_)

    def _runs(self, text: str, sents: Sequence[tuple[tuple[int, int], list[Token]]],
              anchors: Sequence[tuple[int, Cue, str | None, str, bool]],
              claim_spans: set[tuple[int, int]], n_claims: int) -> list[Claim]:
        """Claims of the sentences that continue each anchor cue's speech (step 4); `anchors` has
        the last kept cue of every sentence that kept one."""
        if self.run_model_ is None:
            return []
        with_cue = {si for si, *_ in anchors}
        out: list[Claim] = []
        for si, cue, src_id, certainty, anchor_claim in anchors:
            for d in range(1, claim_continuation.MAX_RUN + 1):
                if si + d >= len(sents) or si + d in with_cue:
                    break
                x = claim_continuation.features(text, sents, si, d, cue.end, anchor_claim)
                if self.run_model_.proba([x])[0] < self.run_threshold:
                    break
                toks = sents[si + d][1]
                a, b = self._trim(toks, 0, len(toks))
                if b - a < 2 or (toks[a].start, toks[b - 1].end) in claim_spans:
                    break
                s, e = toks[a].start, toks[b - 1].end
                claim_spans.add((s, e))
                out.append(Claim(start=s, end=e, id=f"c{n_claims + len(out) + 1}", source_id=src_id, cue_id=cue.id,
                                 quote=quote_kind(toks, a, b), certainty=certainty, text=text[s:e]))
        return out

    def predict(self, docs: Sequence[Document]) -> list[Layers]:
        """Sources, cues and claims for each document."""
        lexicon = self._candidates()
        train_keys = set(self.lexicon_)
        out = []
        for doc in docs:
            cues: list[Cue] = []
            sources: list[Source] = []
            claims: list[Claim] = []
            source_at: dict[tuple[int, int], str] = {}
            claim_spans: set[tuple[int, int]] = set()
            sents = sentences_tokens(doc.text)
            anchors: list[tuple[int, Cue, str | None, str, bool]] = []
            for si, (_, toks) in enumerate(sents):
                found = _find_lexicon(toks, lexicon)
                probs = self.cue_model_.proba([cue_features(toks, i, j, k, train_keys) for i, j, k in found])
                kept: list[tuple[int, int, tuple[str, ...], tuple[int, int] | None, Cue, str | None]] = []
                for (i, j, key), p in zip(found, probs):
                    if p < self.cue_threshold:
                        continue
                    n = len(cues) + 1
                    cue = Cue(start=toks[i].start, end=toks[j - 1].end, id=f"q{n}", text=doc.text[toks[i].start:toks[j - 1].end])
                    cues.append(cue)
                    cands = source_candidates(toks, i, j, self.window)
                    sprobs = self.source_model_.proba([source_features(toks, a, b, i, j, self.source_edges_) for a, b in cands])
                    src_range = None
                    if cands:
                        best = max(range(len(cands)), key=lambda k: (sprobs[k], -k))
                        if sprobs[best] >= self.source_threshold:
                            src_range = cands[best]
                    src_id = None
                    if src_range is not None:
                        s, e = toks[src_range[0]].start, toks[src_range[1] - 1].end
                        src_id = source_at.get((s, e))
                        if src_id is None:
                            src_id = source_at[(s, e)] = f"s{n}"
                            sources.append(Source(start=s, end=e, kind=self._kind(toks, *src_range), id=src_id, text=doc.text[s:e]))
                    kept.append((i, j, key, src_range, cue, src_id))
                for k, (i, j, key, src_range, cue, src_id) in enumerate(kept):
                    anchor_claim = False
                    lo = min(i, max(kept[k - 1][1], *(kept[k - 1][3] or (0,)))) if k else 0
                    hi = max(j, min(kept[k + 1][0], *(kept[k + 1][3] or (len(toks),)))) if k + 1 < len(kept) else len(toks)
                    side = self._side(toks[:hi], j, src_range, key)
                    a, b = self._claim_range(toks[:hi], i, j, src_range, side, lo)
                    if b - a < 2:
                        a, b = self._claim_range(toks[:hi], i, j, src_range, "before" if side == "after" else "after", lo)
                    if b <= a or (toks[a].start, toks[b - 1].end) in claim_spans:
                        continue
                    s, e = toks[a].start, toks[b - 1].end
                    claim_spans.add((s, e))
                    span = doc.text[s:e]
                    quote = quote_kind(toks, a, b)
                    claims.append(Claim(start=s, end=e, id=f"c{len(claims) + 1}", source_id=src_id, cue_id=cue.id, quote=quote,
                                        certainty=self.certainty_.get(key) or self.default_certainty_, text=span))
                    anchor_claim = True
                if kept:
                    _, _, key, _, cue, src_id = kept[-1]
                    anchors.append((si, cue, src_id, self.certainty_.get(key) or self.default_certainty_, anchor_claim))
            claims += self._runs(doc.text, sents, anchors, claim_spans, len(claims))
            out.append(Layers(sources=tuple(sources), cues=tuple(cues), claims=tuple(claims),
                              present=frozenset({"sources", "cues", "claims"})))
        return out
