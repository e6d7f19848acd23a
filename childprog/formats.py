"""Numbers the Vietnamese way — dot thousands, decimal comma — whatever the interface language:
official documents and figures read the same to every reader. Used by templates (`vn` filters),
messages, exports and documents alike."""

from decimal import Decimal, InvalidOperation

THOUSANDS = "."
DECIMAL = ","


def format_number(value, decimals=None) -> str:
    """`value` with dot thousands and a decimal comma; `decimals` digits when given, else as many
    as the value needs (trailing zeros dropped). Text that is not a number passes through."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-int(decimals)))
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + THOUSANDS.join(groups)
    return f"{text}{DECIMAL}{fraction}" if fraction else text
