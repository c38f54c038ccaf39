"""Text normalisation shared by every matching rule.

All comparisons run on `normalize()` output: Unicode NFKC, casefolded,
Latin letters folded to ASCII (Beyoncé = Beyonce, Motörhead = Motorhead),
`&` and `+` spelled "and", punctuation turned into spaces and whitespace
collapsed. Letters of other scripts (kana, hangul, hanzi, Cyrillic) are kept
as they are, so two spellings in those scripts still compare exactly.
"""

import re
import unicodedata
from difflib import SequenceMatcher

# Latin letters that NFKD does not split into a base letter and a mark.
LATIN_SPECIAL = {
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ł": "l",
    "ı": "i",
    "ŧ": "t",
}

# Opening and closing characters of every bracket style that carries a
# qualifier in titles: ASCII, full-width and CJK corner/lenticular brackets.
BRACKET_PAIRS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "（": "）",
    "［": "］",
    "【": "】",
    "「": "」",
    "『": "』",
    "〔": "〕",
    "〈": "〉",
    "《": "》",
}
QUOTE_PAIRS = {
    "'": "'",
    '"': '"',
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "«": "»",
}
APOSTROPHES = re.compile("['’‘`´]")
AND_SIGNS = re.compile(r"\s*[&+＆]\s*")
NON_WORD = re.compile(r"[^\w]+")
UNDERSCORE = re.compile("_+")


def fold_char(char: str) -> str:
    """Fold one Latin letter with marks to ASCII, keep other scripts as is."""
    if char.isascii():
        return char
    if char in LATIN_SPECIAL:
        return LATIN_SPECIAL[char]
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed[0].isascii():
        return "".join(part for part in decomposed if part.isascii())
    return char


def fold_ascii(text: str) -> str:
    """Return `text` NFKC-normalised and casefolded with Latin folded to ASCII."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(fold_char(char) for char in folded)


def normalize(text: str) -> str:
    """Return the comparison form of `text` (see the module docstring)."""
    folded = fold_ascii(text)
    folded = APOSTROPHES.sub("", folded)
    folded = AND_SIGNS.sub(" and ", folded)
    folded = NON_WORD.sub(" ", folded)
    folded = UNDERSCORE.sub(" ", folded)
    return " ".join(folded.split())


def has_non_latin(text: str) -> bool:
    """Tell whether `text` contains a letter outside the Latin script."""
    return any(
        char.isalpha() and not fold_char(char).isascii()
        for char in unicodedata.normalize("NFKC", text)
    )


def split_brackets(text: str) -> tuple[str, list[str]]:
    """Split `text` into its plain part and its bracketed segments.

    A bracket that opens the text, as in "(I Can't Get No) Satisfaction",
    is part of the name, so its content stays in the plain part. Unbalanced
    brackets are kept as plain text.
    """
    plain: list[str] = []
    segments: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        closing = BRACKET_PAIRS.get(char)
        end = text.find(closing, index + 1) if closing else -1
        if closing and end != -1:
            content = text[index + 1 : end]
            if not "".join(plain).strip():
                plain.append(" " + content + " ")
            else:
                segments.append(content.strip())
            index = end + 1
            continue
        plain.append(char)
        index += 1
    return " ".join("".join(plain).split()), [s for s in segments if s]


def quoted_segments(text: str) -> list[str]:
    """Return the quoted parts of `text`, as in `BTS 'Spring Day' Official MV`."""
    found: list[str] = []
    for opening, closing in QUOTE_PAIRS.items():
        pattern = re.escape(opening) + "([^" + re.escape(closing) + "]{1,200})"
        pattern += re.escape(closing)
        for match in re.finditer(pattern, text):
            inner = match.group(1).strip()
            # An apostrophe inside a word ("Don't") is not a quote mark.
            before = text[match.start() - 1] if match.start() > 0 else " "
            if opening in "'\"" and before.isalnum():
                continue
            if inner:
                found.append(inner)
    return found


def similarity(left: str, right: str) -> float:
    """Return a 0..1 similarity of two normalised strings (1 when equal)."""
    if left == right:
        return 1.0
    if not left or not right:
        return 0.0
    return SequenceMatcher(None, left, right, autojunk=False).ratio()
