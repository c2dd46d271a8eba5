"""Labelled redaction cases: (text, expected text after redaction). Shared by the tests and the benchmark."""

REDACTED = [
    # card numbers, typed
    ("my card is 4111 1111 1111 1111 thanks", "my card is [CARD_NUMBER] thanks"),
    ("card: 4111-1111-1111-1111", "card: [CARD_NUMBER]"),
    ("it's 4111111111111111", "it's [CARD_NUMBER]"),
    ("amex 3782 822463 10005 please", "amex [CARD_NUMBER] please"),
    ("5555 5555 5555 4444 expires 04/28", "[CARD_NUMBER] expires [CARD_EXPIRY]"),
    ("Card number 6011 1111 1111 1117.", "Card number [CARD_NUMBER]."),
    # card numbers, spoken
    ("four one one one one one one one one one one one one one one one", "[CARD_NUMBER]"),
    ("it's four one one one double one one one one one one one one one one one", "it's [CARD_NUMBER]"),
    ("five five five five, five five five five, five five five five, four four four four", "[CARD_NUMBER]"),
    ("four one one one um one one one one one one one one one one one one", "[CARD_NUMBER]"),
    ("the number is four one one one, one one one one, one one one one, one one one one okay",
     "the number is [CARD_NUMBER] okay"),
    ("three seven eight two eight two two four six three one oh oh oh five", "[CARD_NUMBER]"),
    ("six oh one one one one one one one one one one one one one seven", "[CARD_NUMBER]"),
    ("forty one eleven, eleven eleven, eleven eleven, eleven eleven", "[CARD_NUMBER]"),
    # security codes and expiry
    ("the security code is 737", "the security code is [CARD_SECURITY_CODE]"),
    ("cvv is seven three seven", "cvv is [CARD_SECURITY_CODE]"),
    ("the three digits on the back are 123", "the three digits on the back are [CARD_SECURITY_CODE]"),
    ("it expires oh four twenty eight", "it expires [CARD_EXPIRY]"),
    ("expiry date 11/27", "expiry date [CARD_EXPIRY]"),
    ("expiration is april twenty twenty seven", "expiration is [CARD_EXPIRY]"),
    # SSNs
    ("my ssn is 123-45-6789", "my ssn is [SSN]"),
    ("social security number 078 05 1120", "social security number [SSN]"),
    ("my social is one two three four five six seven eight nine", "my social is [SSN]"),
    # phone numbers
    ("call me on 555-123-4567", "call me on [PHONE]"),
    ("my number is (555) 123 4567", "my number is [PHONE]"),
    ("reach me at +44 20 7946 0958", "reach me at [PHONE]"),
    ("it's 07700 900123", "it's [PHONE]"),
    ("call me back on five five five one two three four five six seven", "call me back on [PHONE]"),
    ("my mobile is oh seven seven double nine one two three four five six", "my mobile is [PHONE]"),
    ("phone 555.867.5309 anytime", "phone [PHONE] anytime"),
    # e-mail
    ("email me at jane.doe@example.com", "email me at [EMAIL]"),
    ("it's J.Doe+orders@mail.example.co.uk ok", "it's [EMAIL] ok"),
    ("jane dot doe at example dot com", "[EMAIL]"),
    ("my email is john underscore smith at gmail dot com", "my email is [EMAIL]"),
    ("send it to sales at northwind dot co dot uk", "send it to [EMAIL]"),
    # dates of birth
    ("my date of birth is 03/04/1984", "my date of birth is [DATE_OF_BIRTH]"),
    ("born on March 3rd 1984", "born on [DATE_OF_BIRTH]"),
    ("date of birth the third of march nineteen eighty four", "date of birth the [DATE_OF_BIRTH]"),
    ("dob: 1984-03-03", "dob: [DATE_OF_BIRTH]"),
    ("my birthday is 12 july 1990", "my birthday is [DATE_OF_BIRTH]"),
    # account numbers
    ("my account number is 12345678", "my account number is [ACCOUNT_NUMBER]"),
    ("account no. 98765432101", "account no. [ACCOUNT_NUMBER]"),
    ("customer number is nine eight seven six five four three", "customer number is [ACCOUNT_NUMBER]"),
    ("membership id 4455667788", "membership id [ACCOUNT_NUMBER]"),
    # names and addresses
    ("Hi, my name is Jane Doe.", "Hi, my name is [PERSON_NAME]."),
    ("This is Robert Johnson calling about my bill", "This is [PERSON_NAME] calling about my bill"),
    ("I live at 42 Elm Street", "I live at [ADDRESS]"),
    ("send it to 1600 Pennsylvania Avenue please", "send it to [ADDRESS] please"),
    ("ship to 221b Baker Street, flat 2", "ship to [ADDRESS]"),
    ("the address is 10 Downing St", "the address is [ADDRESS]"),
]

# Digits and words that are not PII and must come through untouched.
KEPT = [
    "your order 58213 will arrive on Thursday",
    "the call started at 10:30 and ended at 10:45",
    "that comes to $12.99 plus 4.50 shipping",
    "I ordered 3 jackets and 2 pairs of boots",
    "tracking number 1Z999AA10123456784",
    "order number 4829103746 please",
    "your ticket is 2026-11-0042",
    "it's been 45 minutes on hold",
    "the total is one hundred and twenty pounds",
    "I was charged twice on the 3rd of November",
    "my iPhone is on 11.1.2 and my watch on 4.1",
    "press 1 for billing and 2 for returns",
    "we have 24 hour support",
    "that was in 2019",
    "the reference is 58213, can you check it",
    "one moment please",
    "I need one of the blue ones",
    "it expires when I cancel my plan",
    "the model number is 4110-22",
    "room 1204 on the 12th floor",
    "it costs nineteen ninety nine a month",
    "yeah mm-hmm okay",
    "I'll be at the store in 20 minutes",
    "a size 39 please, not 38",
]

# Found as false positives in the real TweetSumm conversations; kept here so they stay fixed.
KEPT += [
    "there were 2 separate orders 408-1929729-8238743 and 408-0714060-7645942",
    "I was disappointed from Amazon.order i407-6768178-8573154",
    "assuming the 16:03 Bristol Parkway - London Paddington",
    "146 for the seat, 20 for internet and close to 200 for the more",
    "the cost is 35,000 miles each way and you must be booked",
    "First Weekend Upgrade for £7.50 each way.",
    "the 10.10 am from platform 4 at didcot parkway",
]
