from hypothesis import given, strategies as st

from warclaims.baselines.tokens import sentence_bounds, sentence_of, shape, tokenize


def test_tokenize_offsets_and_words():
    text = "Reuters said Hezbollah’s fighters (about 1,500) left al-Qusayr."
    toks = tokenize(text)
    assert [t.text for t in toks] == ["Reuters", "said", "Hezbollah’s", "fighters", "(", "about", "1", ",", "500", ")",
                                      "left", "al-Qusayr", "."]
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_sentence_bounds_split_on_terminal_punctuation_and_blank_lines():
    text = "Homs fell. The U.N. said so.\n\nLatest"
    bounds = sentence_bounds(text)
    assert [text[s:e] for s, e in bounds] == ["Homs fell.", "The U.N. said so.", "Latest"]
    toks = tokenize(text)
    assert [t.text for t in toks][3:9] == ["The", "U.N", ".", "said", "so", "."]
    assert sentence_of(toks, bounds) == [0, 0, 0, 1, 1, 1, 1, 1, 1, 2]


def test_shape():
    assert [shape(w) for w in ("Homs", "HTS", "2011", "al-Sham")] == ["Xx", "X", "d", "x-Xx"]


@given(st.text(max_size=200))
def test_tokens_are_exact_slices_in_order(text):
    toks = tokenize(text)
    assert all(text[t.start:t.end] == t.text and t.start < t.end for t in toks)
    assert all(a.end <= b.start for a, b in zip(toks, toks[1:]))
    bounds = sentence_bounds(text)
    assert all(s < e and text[s:e].strip() == text[s:e] for s, e in bounds)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(bounds, bounds[1:]))
