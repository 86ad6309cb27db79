# The contract between the runtime and the generator: sparkgen writes sparkapi/_client.py,
# the clients with the spec's resource accessors. This stub is not copied; it lets the
# runtime be type-checked where it is written.
from sparkapi._client_base import AsyncClientBase, ClientBase

class SparkClient(ClientBase): ...
class AsyncSparkClient(AsyncClientBase): ...
