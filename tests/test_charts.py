"""Charts: SVG text a browser and WeasyPrint can both embed, with the data a reader needs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from survey.charts import LikertRow, bar_chart_svg, diverging_likert_svg

SVG = "{http://www.w3.org/2000/svg}"

ROWS = [
    LikertRow("Durée adaptée", (3, 9, 12, 20, 14)),  # agreement 34/58
    LikertRow("Formateurs compétents", (0, 0, 3, 18, 37)),  # 55/58
    LikertRow("Hiérarchie favorable", (5, 10, 15, 16, 12)),  # 28/58
    LikertRow("Attentes satisfaites", (0, 1, 5, 22, 30)),  # 52/58
]


def parse(svg: str) -> ET.Element:
    # Our own matplotlib output, not untrusted XML.
    return ET.fromstring(svg)  # noqa: S314


def texts(svg: str) -> list[tuple[str, float]]:
    """Return every <text> with its vertical position, top of the chart first."""
    found = []
    for element in parse(svg).iter(f"{SVG}text"):
        y = element.get("y")
        if y is None:
            match = re.search(r"translate\(\S+ (\S+)\)", element.get("transform", ""))
            assert match, element.attrib
            y = match.group(1)
        found.append(("".join(element.itertext()), float(y)))
    return found


def test_likert_svg_is_embeddable_xml_with_text_kept_as_text() -> None:
    svg = diverging_likert_svg(ROWS, title="Appréciation")

    assert svg.startswith("<svg")  # no XML declaration or DOCTYPE: valid inside HTML
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    words = [text for text, _ in texts(svg)]
    for row in ROWS:
        assert row.label in words
    assert words.count("n = 58") == len(ROWS)
    assert "Appréciation" in words
    assert "Tout à fait d’accord" in words  # legend anchors, in French by default


def test_likert_rows_sorted_by_agreement_highest_on_top() -> None:
    svg = diverging_likert_svg(ROWS)

    position = {text: y for text, y in texts(svg)}
    top_to_bottom = sorted((row.label for row in ROWS), key=position.__getitem__)
    assert top_to_bottom == [
        "Formateurs compétents",
        "Attentes satisfaites",
        "Durée adaptée",
        "Hiérarchie favorable",
    ]


def test_likert_before_after_pair_keeps_its_order() -> None:
    pair = [LikertRow("Avant", (10, 20, 15, 5, 0)), LikertRow("Après", (0, 2, 8, 25, 15))]
    position = {text: y for text, y in texts(diverging_likert_svg(pair, in_order=True))}
    assert position["Avant"] < position["Après"]  # before on top, though less favourable
    position = {text: y for text, y in texts(diverging_likert_svg(pair))}
    assert position["Après"] < position["Avant"]


def test_likert_shows_percentages_of_each_rows_n() -> None:
    svg = diverging_likert_svg([LikertRow("Utile", (0, 0, 10, 10, 20))])

    words = [text for text, _ in texts(svg)]
    assert [w for w in words if w in {"25", "50"}] == ["25", "25", "50"]
    assert "n = 40" in words


def test_likert_row_nobody_answered_is_drawn_empty() -> None:
    svg = diverging_likert_svg([LikertRow("Jamais posée", (0, 0, 0, 0, 0)), *ROWS], lang="en")

    position = {text: y for text, y in texts(svg)}
    assert "n = 0" in position
    assert "no answers" in position
    assert position["Jamais posée"] > max(position[row.label] for row in ROWS)


def test_likert_with_no_rows_still_draws() -> None:
    parse(diverging_likert_svg([]))


def test_long_and_hostile_labels_are_wrapped_and_escaped() -> None:
    hostile = '<img src="file:///etc/passwd"> $x$ & ' + "Anticonstitutionnellement" * 10
    svg = diverging_likert_svg([LikertRow(hostile, (1, 2, 3, 4, 5))], title="A\x00B")

    words = [text for text, _ in texts(svg)]
    assert any(w.startswith('<img src="file:///etc/passwd">') for w in words)
    assert any("$x$" in w for w in words)  # dollars stay text, not mathtext
    label_lines = [w for w in words if "Anticonstitution" in w]
    assert 2 <= len(label_lines) <= 4
    assert "AB" in words  # control characters dropped, so the XML stays valid


def test_french_punctuation_stays_on_its_word_when_a_label_wraps() -> None:
    label = "Après la formation, quel est votre niveau de connaissances sur le sujet ?"
    svg = diverging_likert_svg([LikertRow(label, (1, 2, 3, 4, 5))])
    lines = [text for text, _ in texts(svg) if text.strip()]
    assert "?" not in lines and any(line.endswith("sujet\u00a0?") for line in lines)


def test_likert_svg_is_deterministic() -> None:
    assert diverging_likert_svg(ROWS) == diverging_likert_svg(ROWS)


def test_likert_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        diverging_likert_svg(ROWS, anchors=("non", "oui"))
    with pytest.raises(ValueError):
        LikertRow("x", (1, 2, 3))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        LikertRow("x", (1, 2, 3, 4, -1))


def test_likert_row_agreement() -> None:
    assert LikertRow("x", (0, 1, 1, 1, 1)).agreement == 0.5
    assert LikertRow("x", (0, 0, 0, 0, 0)).agreement is None


def test_bar_chart_shows_counts_and_shares_in_given_order() -> None:
    labels = ["Ministère", "Société civile", "Autre"]
    svg = bar_chart_svg(labels, [24, 30, 4], title="Organisation")

    found = texts(svg)
    words = [text for text, _ in found]
    assert "24 (41\u202f%)" in words
    assert "30 (52\u202f%)" in words
    assert "Nombre de réponses (n = 58)" in words
    position = dict(found)
    assert sorted(labels, key=position.__getitem__) == labels


def test_bar_chart_with_explicit_n_and_no_answers() -> None:
    words = [t for t, _ in texts(bar_chart_svg(["A", "B"], [3, 2], n=4, lang="en"))]
    assert "3 (75%)" in words
    assert "Number of responses (n = 4)" in words

    words = [t for t, _ in texts(bar_chart_svg(["A", "B"], [0, 0]))]
    assert "0 (–)" in words


def test_bar_chart_rejects_mismatched_input() -> None:
    with pytest.raises(ValueError):
        bar_chart_svg(["A"], [1, 2])


def test_chart_text_falls_back_to_a_sans_serif() -> None:
    # A laptop without the Noto fonts would otherwise draw the labels in its default serif.
    svg = diverging_likert_svg(ROWS)
    families = set(re.findall(r"font-family: ([^;\"]+)", svg))
    assert families and all(f.rstrip().endswith("sans-serif") for f in families), families
