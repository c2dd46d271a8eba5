"""PII detectors over one utterance's text. Each returns (start, end, kind) spans.

Digit-based kinds need either a checksum (cards), a format (SSN, phone) or a keyword just before
them (security code, expiry, date of birth, account number), so times, prices, quantities and
order numbers are left alone.
"""
from __future__ import annotations

import re

from transcription.redaction.digits import DigitRun

Span = tuple[int, int, str]
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
NUMBER_WORDS = ("zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
                "ninety|hundred|thousand|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                "eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
                "nineteenth|twentieth|thirtieth|st|nd|rd|th|of|the|and|double|triple")
# A date in any of its typed or spoken forms, for use right after a keyword ("of", "the", "and"
# only inside it: "the third of march", not trailing).
_DATE_WORD = (rf"(?:\d+(?:st|nd|rd|th)\b|\d{{1,4}}(?:[/.\-]\d{{1,2}}(?:[/.\-]\d{{2,4}})?)?\b|"
              rf"(?:{MONTHS}|{NUMBER_WORDS})\b)")
DATE = rf"{_DATE_WORD}(?:[\s,/.\-]+{_DATE_WORD})*(?<!\bof)(?<!\bthe)(?<!\band)"
KEYWORD_GAP = r"[\s,:\-]*(?:(?:is|it's|its|was|on|at|the|my|number|code|date|'s|:)[\s,:\-]*){0,4}"

EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.I)
TLDS = r"com|net|org|edu|gov|io|co|uk|us|ca|de|fr|info|biz|me"
SPOKEN_EMAIL = re.compile(
    rf"\b[a-z0-9]+(?:\s+(?:dot|underscore|dash|hyphen)\s+[a-z0-9]+)*\s+at\s+[a-z0-9]+"
    rf"(?:\s+dot\s+[a-z0-9]+)*\s+dot\s+(?:{TLDS})\b", re.I)
SSN = re.compile(r"\b\d{3}[- ]\d{2}[- ]\d{4}\b")
# Groups of 2–4 digits with a separator between each: "408-0714060" (an order number) is not a phone.
PHONE = re.compile(r"(?<![\w+\-])(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{2,4}\)|\d{2,4})(?:[\s.\-]\d{2,4}){2,3}(?![\w\-])")
# A house number (not part of a time, price or thousand), one to three name words that are not
# function words, and a street suffix; suffixes that are also common words must be capitalised.
_NAME_WORD = r"(?!(?:for|and|the|each|at|from|to|a|an|of|in|on|or|per|service|platform|miles?|minutes?)\b)[A-Za-z]+"
STREET = re.compile(
    r"(?<![\d:.,£$€/])\b\d{1,5}[a-z]?\s+(?:" + _NAME_WORD + r"\s+){1,3}"
    r"(?:(?i:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|highway|hwy)|"
    r"Court|Ct|Way|Place|Pl|Terrace|Close|Crescent|Square|Sq)\b\.?"
    r"(?:,?\s+(?i:apt|apartment|unit|suite|flat)\.?\s*#?\w+)?")

SECURITY_CODE_WORDS = r"(?:security code|cvv2?|cvc|csc|three digits on the back|code on the back)"
EXPIRY_WORDS = r"(?:expir\w*|exp date|valid (?:until|thru|through))"
DOB_WORDS = r"(?:date of birth|birth ?date|birthday|born(?: on)?|d\.?o\.?b\.?)"
ACCOUNT_WORDS = r"(?:account|acct|member(?:ship)?|customer|policy) (?:number|no\.?|#|id)"
SSN_WORDS = r"(?:social security(?: number)?|social|ssn)"
# Digits shortly after one of these words are an order, ticket or similar number, not a phone.
NOT_A_PHONE = re.compile(r"\b(?:orders?|tickets?|case|reference|ref|tracking|invoices?|confirmation|items?|sku|"
                         r"model|serial|flight|room)\b|#", re.I)


def _is_phone_context(text: str, start: int) -> bool:
    return not NOT_A_PHONE.search(text[max(0, start - 25):start])


def _after_keyword(text: str, keywords: str, value: str, kind: str) -> list[Span]:
    pattern = re.compile(rf"\b{keywords}{KEYWORD_GAP}(?P<value>{value})", re.I)
    return [(m.start("value"), m.end("value"), kind) for m in pattern.finditer(text)]


def _run_after_keyword(text: str, runs: list[DigitRun], keywords: str, sizes: range, kind: str) -> list[Span]:
    spans = []
    for match in re.finditer(rf"\b{keywords}(?!\w)", text, re.I):
        for run in runs:
            between = text[match.end():run.start]
            if run.start >= match.end() and len(between) <= 40 and len(run.digits) in sizes \
                    and not re.search(r"[.?!]", between):
                spans.append((run.start, run.end, kind))
                break
    return spans


def find_emails(text: str) -> list[Span]:
    return [(m.start(), m.end(), "email") for m in [*EMAIL.finditer(text), *SPOKEN_EMAIL.finditer(text)]]


def find_ssns(text: str, runs: list[DigitRun]) -> list[Span]:
    return [(m.start(), m.end(), "ssn") for m in SSN.finditer(text)] + \
        _run_after_keyword(text, runs, SSN_WORDS, range(9, 10), "ssn")


def find_phones(text: str, runs: list[DigitRun]) -> list[Span]:
    spans = []
    for m in PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if 10 <= len(digits) <= 15 and _is_phone_context(text, m.start()):
            spans.append((m.start(), m.end(), "phone"))
    for run in runs:  # spoken, or digits typed without separators
        if 10 <= len(run.digits) <= 12 and _is_phone_context(text, run.start):
            spans.append((run.start, run.end, "phone"))
    return spans


def find_card_details(text: str, runs: list[DigitRun]) -> list[Span]:
    return (_run_after_keyword(text, runs, SECURITY_CODE_WORDS, range(3, 5), "card_security_code")
            + _after_keyword(text, EXPIRY_WORDS, DATE, "card_expiry"))


def find_dates_of_birth(text: str) -> list[Span]:
    return [s for s in _after_keyword(text, DOB_WORDS, DATE, "date_of_birth") if re.search(r"\w", text[s[0]:s[1]])]


def find_account_numbers(text: str, runs: list[DigitRun], patterns: list[re.Pattern]) -> list[Span]:
    spans = _run_after_keyword(text, runs, ACCOUNT_WORDS, range(6, 18), "account_number")
    return spans + [(m.start(), m.end(), "account_number") for p in patterns for m in p.finditer(text)]


def find_addresses(text: str) -> list[Span]:
    return [(m.start(), m.end(), "address") for m in STREET.finditer(text)]
