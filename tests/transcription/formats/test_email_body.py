"""What an e-mail's sender wrote this time: quoted history and signatures removed."""
from transcription.formats.email_body import strip_reply_history
from transcription.formats.html_text import html_to_text


def test_gmail_style_quotes_and_their_wrapped_intro_line_are_removed():
    body = ("Thanks, but the parcel still has not arrived.\n\n"
            "On Tue, 30 Apr 2024 at 09:00, Sam from Acme <sam@acme.example>\n"
            "wrote:\n"
            "> Your parcel is on its way.\n"
            ">> Where is my parcel?\n")
    assert strip_reply_history(body) == "Thanks, but the parcel still has not arrived."


def test_inline_replies_keep_the_new_text_between_quotes():
    body = "On Tue, Sam wrote:\n> Which colour?\nBlue please.\n> Which size?\nMedium.\n"
    assert strip_reply_history(body) == "Blue please.\nMedium."


def test_an_on_wrote_sentence_that_introduces_nothing_is_kept():
    body = "On Monday I wrote: please cancel.\nStill waiting."
    assert strip_reply_history(body) == body


def test_outlook_original_message_and_header_blocks_are_cut():
    assert strip_reply_history("Refund received, thanks!\n\n-----Original Message-----\nFrom: Sam\n"
                               "Please confirm.") == "Refund received, thanks!"
    assert strip_reply_history("Done.\n________________________________\nFrom: Jane Doe <jane@example.org>\n"
                               "Sent: Tuesday, April 30, 2024 9:00 AM\nTo: Support\nSubject: Refund\n\n"
                               "Where is it?") == "Done."


def test_a_from_line_that_is_not_a_header_block_is_kept():
    assert strip_reply_history("From: the warehouse, nothing yet.\nRegards") == (
        "From: the warehouse, nothing yet.\nRegards")


def test_the_signature_after_dash_dash_space_is_cut():
    assert strip_reply_history("Your refund is on its way.\n\n-- \nSam | Acme Support\n+1 555 0100") == (
        "Your refund is on its way.")


def test_html_bodies_lose_markup_scripts_and_quoted_blocks():
    markup = ("<html><head><style>p{color:red}</style><title>Re: Refund</title></head><body>"
              "<p>Hi&nbsp;Jane,</p><div>your refund of &pound;20 &amp; the fee<br>is done.</div>"
              "<script>alert('x')</script>"
              "<div class=gmail_quote>On Tue, Jane wrote:<blockquote><p>Where is it?</p></blockquote></div>"
              "</body></html>")
    assert html_to_text(markup) == "Hi Jane,\n\nyour refund of £20 & the fee\nis done.\n\nOn Tue, Jane wrote:"
    assert strip_reply_history(html_to_text(markup)) == "Hi Jane,\n\nyour refund of £20 & the fee\nis done."
