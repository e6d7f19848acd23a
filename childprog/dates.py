"""Reading dates and numbers the way Vietnamese officers type them."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation


def parse_date(value) -> date | None:
    """A date from a spreadsheet cell: a date, ISO yyyy-mm-dd or dd/mm/yyyy. Empty → None.
    Raises ValueError on anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_number(value) -> Decimal | None:
    """A number typed the Vietnamese way: "1.500.000" or "1 500 000" is one and a half million,
    "2,5" is two and a half. Plain "1500000" and spreadsheet numbers pass through.
    Raises ValueError on text that is not a number."""
    if value is None:
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text.endswith("đ"):
        text = text[:-1]
    if not text:
        return None
    if "." in text and "," in text:
        # Vietnamese: dots group thousands, the comma is the decimal mark.
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        text = text.replace(".", "")
    elif "," in text:
        if text.count(",") > 1 or len(text.split(",")[1]) == 3:
            text = text.replace(",", "")
        else:
            text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
