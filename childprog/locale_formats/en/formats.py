# The English interface keeps the province's dd/mm/yyyy dates: the same records, read the same way.
from ..vi.formats import *  # noqa: F403
