# The contract between the runtime and the generator: sparkgen writes sparkapi/_errors.py
# (the spec's error classes and which code or status raises which). This stub is not
# copied; it lets the runtime be type-checked where it is written.
from sparkapi._exceptions import SparkAPIError

def error_class_for(status_code: int, code: int | None) -> type[SparkAPIError]: ...
