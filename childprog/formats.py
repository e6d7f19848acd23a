"""Numbers the Vietnamese way — dot thousands, decimal comma — whatever the interface language:
official documents and figures read the same to every reader. Used by templates (`vn` filters),
messages, exports and documents alike."""

from decimal import Context, Decimal, InvalidOperation

THOUSANDS = "."
DECIMAL = ","
# Beyond this many digits a "number" is noise (or an attempt to make the page huge): shown as is.
MAX_DIGITS = 100


def format_number(value, decimals=None) -> str:
    """`value` with dot thousands and a decimal comma; `decimals` digits when given, else as many
    as the value needs (trailing zeros dropped). Text that is not a number passes through."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite() or abs(number.adjusted()) > MAX_DIGITS:
        return str(value)
    # The default context keeps 28 digits, and quantize fails beyond them: give it room.
    context = Context(prec=max(28, number.adjusted() + 1 + int(decimals or 0) + 2))
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-int(decimals)), context=context)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1), context=context)
    else:
        number = number.normalize(context=context)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{number.copy_abs():f}".partition(".")  # abs() would round to 28 digits
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + THOUSANDS.join(groups)
    return f"{text}{DECIMAL}{fraction}" if fraction else text
