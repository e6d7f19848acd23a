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
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    # "NaN", "sNaN" and "Infinity" are valid Decimal literals but no officer's figure.
    if not number.is_finite():
        raise ValueError(value)
    return number


# The plausible range of one figure: a count of people, sessions or gifts, or an amount in đồng.
# A thousand billion đồng is far above what a province mobilises in a year, so anything larger is a
# slip of the keyboard; the bound also keeps every sum of figures inside a 64-bit integer column
# (a million records at the maximum stay below 2**63).
FIGURE_MAX = 999_999_999_999


# The plausible dates of anything the portal holds: documents, decisions, records. Outside them a
# date is a typing slip (01/01/0001), and date arithmetic near the calendar's ends would fail.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)


def check_plausible_date(value: date | None) -> None:
    """A validator for every date field of the forms: ValidationError outside DATE_MIN..DATE_MAX."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if value is not None and not (DATE_MIN <= value <= DATE_MAX):
        raise ValidationError(
            _("Ngày %(day)s nằm ngoài khoảng hợp lý (%(min)s – %(max)s).")
            % {
                "day": f"{value.day:02d}/{value.month:02d}/{value.year:04d}",
                "min": DATE_MIN.strftime("%d/%m/%Y"),
                "max": DATE_MAX.strftime("%d/%m/%Y"),
            },
            code="implausible_date",
        )


def parse_figure(value) -> int | None:
    """A whole, non-negative figure within FIGURE_MAX, typed the Vietnamese way; None when empty.
    ValidationError with a Vietnamese message otherwise. Every form taking figures uses it."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .formats import format_number

    try:
        number = parse_number(value)
    except ValueError:
        raise ValidationError(
            _("“%(v)s” không phải là số. Hãy nhập một số, ví dụ 1.500.000.") % {"v": value}, code="invalid"
        ) from None
    if number is None:
        return None
    if number < 0:
        raise ValidationError(_("Không được là số âm."), code="negative")
    if number > FIGURE_MAX:
        raise ValidationError(
            _("Số quá lớn: tối đa %(max)s.") % {"max": format_number(FIGURE_MAX)}, code="too_large"
        )
    if number != number.to_integral_value():
        raise ValidationError(_("Hãy nhập số nguyên."), code="integer")
    return int(number)
