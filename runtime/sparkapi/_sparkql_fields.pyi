# The contract between the runtime and the generator: sparkgen writes
# sparkapi/_sparkql_fields.py from the spec's field container model (a listing's
# StandardFields) with one typed field per standard field. This stub is not copied.
from sparkapi._sparkql_builder import Field

class StandardFieldsF:
    def __getattr__(self, name: str) -> Field: ...

F: StandardFieldsF
