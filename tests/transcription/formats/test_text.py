"""decode_text: strict UTF-8, invisible controls removed, bad uploads refused with a reason."""
import codecs
import time

import pytest

from transcription.formats.base import FormatError
from transcription.formats.text import decode_text


def test_utf8_with_and_without_a_byte_order_mark():
    assert decode_text("Agent: Grüße\n".encode(), "the file") == "Agent: Grüße\n"
    assert decode_text(codecs.BOM_UTF8 + "Agent: hé".encode(), "the file") == "Agent: hé"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_a_byte_order_mark(encoding):
    data = "Agent: héllo\r\nCustomer: ok".encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode_text(data, "the file") == "Agent: héllo\nCustomer: ok"


def test_newlines_are_normalised():
    assert decode_text(b"a\r\nb\rc\nd\xe2\x80\xa8e", "the file") == "a\nb\nc\nd\ne"


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", "\u200b\ufeff\n".encode()])
def test_empty_or_blank_input_is_refused(data):
    with pytest.raises(FormatError, match=r"^The upload (is empty|contains only blank space)\. Upload a UTF-8"):
        decode_text(data, "the upload")


def test_nul_bytes_mean_a_binary_file():
    with pytest.raises(FormatError, match=r"looks like a binary file \(a NUL byte at byte offset 3\)"):
        decode_text(b"PK\x03\x00\x04 rest", "the upload")
    with pytest.raises(FormatError, match="looks like a binary file"):
        decode_text(codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "the upload")


def test_invalid_utf8_names_the_byte_offset_and_the_fix():
    data = "Agent: ok\nCustomer: caf".encode() + b"\xe9 au lait"
    with pytest.raises(FormatError) as caught:
        decode_text(data, "the chat transcript")
    assert str(caught.value).startswith(
        "The chat transcript is not valid UTF-8: byte 0xe9 at byte offset 23 (line 2). Files must be saved as UTF-8")


def test_right_to_left_letters_are_kept_and_invisible_controls_removed():
    arabic, hebrew = "مرحبا، طلبي متأخر", "שלום, ההזמנה שלי"
    disguised = f"Customer: \u202e{arabic}\u202c and \u2067{hebrew}\u2069\u200f ok\u200b\u200c\u200d\u2060\u200e\u061c"
    assert decode_text(disguised.encode(), "the file") == f"Customer: {arabic} and {hebrew} ok"


def test_a_five_megabyte_line_fails_fast_with_its_line_number():
    data = b"Agent: hi\n" + b"x" * 5_000_000
    began = time.perf_counter()
    with pytest.raises(FormatError, match=r"^line 2: 5,000,000 characters on one line is too long\. "
                                          r"A line may have at most 20,000 characters"):
        decode_text(data, "the file")
    assert time.perf_counter() - began < 2


def test_formats_with_long_lines_can_lift_the_line_limit():
    assert len(decode_text(b"x" * 30_000, "the JSON file", max_line_chars=None)) == 30_000
