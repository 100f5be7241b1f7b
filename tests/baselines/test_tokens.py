from hypothesis import given, strategies as st

from warclaims.baselines.tokens import sentence_bounds, sentence_of, sentences_tokens, shape, tokenize


def _words(text):
    return [t.text for t in tokenize(text)]


def test_tokenize_offsets_and_words():
    text = "Reuters said Hezbollah’s fighters (about 1,500) left al-Qusayr."
    toks = tokenize(text)
    assert [t.text for t in toks] == ["Reuters", "said", "Hezbollah", "’s", "fighters", "(", "about", "1", ",", "500", ")",
                                      "left", "al-Qusayr", "."]
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_possessive_clitics_split_off_but_glued_possessives_stay():
    assert _words("Trump's aides") == ["Trump", "'s", "aides"]
    assert _words("Hezbollah’s supply routes") == ["Hezbollah", "’s", "supply", "routes"]
    assert _words("Syrias northern Idlib") == ["Syrias", "northern", "Idlib"]
    assert _words("the rebels’ gains") == ["the", "rebels", "’", "gains"]
    assert _words("Ma'arrat al-Numan") == ["Ma'arrat", "al-Numan"]


def test_hyphens_split_compounds_but_not_arabic_articles():
    assert _words("US-led coalition") == ["US", "-", "led", "coalition"]
    assert _words("US-backed Kurdish forces") == ["US", "-", "backed", "Kurdish", "forces"]
    assert _words("pro-Damascus media") == ["pro", "-", "Damascus", "media"]
    assert _words("Bashar al-Assad and Al-Nusra in Deir el-Zour") == ["Bashar", "al-Assad", "and", "Al-Nusra", "in", "Deir", "el-Zour"]
    assert _words("an at-risk town") == ["an", "at", "-", "risk", "town"]
    assert _words("U.S.-led") == ["U.S", ".", "-", "led"]


def test_quotes_and_bullets():
    assert _words("“We will,” he said.") == ["“", "We", "will", ",", "”", "he", "said", "."]
    assert _words("•Around 15 martyred• Youkhana") == ["•", "Around", "15", "martyred", "•", "Youkhana"]
    assert _words("Mevlt avu•olu said") == ["Mevlt", "avu•olu", "said"]


def test_offsets_are_code_points():
    text = "🇸🇾 Syria’s army"
    toks = tokenize(text)
    assert [(t.start, t.end) for t in toks if t.text[0].isalpha()] == [(3, 8), (11, 15)]
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_sentence_bounds_split_on_terminal_punctuation_and_blank_lines():
    text = "Homs fell. The U.N. said so.\n\nLatest"
    bounds = sentence_bounds(text)
    assert [text[s:e] for s, e in bounds] == ["Homs fell.", "The U.N. said so.", "Latest"]
    toks = tokenize(text)
    assert [t.text for t in toks][3:9] == ["The", "U.N", ".", "said", "so", "."]
    assert sentence_of(toks, bounds) == [0, 0, 0, 1, 1, 1, 1, 1, 1, 2]
    assert [[t.text for t in ts] for _, ts in sentences_tokens("A b. C d")] == [["A", "b", "."], ["C", "d"]]


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
