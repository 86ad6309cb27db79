# The contract between the runtime and the generator: sparkgen writes
# sparkapi/_replication_schema.py from the spec's mounts marked replicate_by. This stub is
# not copied; it lets the runtime be type-checked where it is written.
from typing import Final

from sparkapi._replication_types import Table

TABLES: Final[dict[str, Table]]
