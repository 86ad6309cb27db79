# The contract between the runtime and the generator: sparkgen writes
# sparkapi/_constants.py from spec/api.yaml with these names. This stub is not copied;
# it lets the runtime be type-checked where it is written.
from typing import Final, Literal

SDK_VERSION: Final[str]
BASE_URL: Final[str]
API_VERSION: Final[str]
ENVELOPE: Final[str]
USER_AGENT_HEADER: Final[str]
DEFAULT_USER_AGENT: Final[str]
REQUEST_ID_HEADER: Final[str]
AUTH_SCHEME: Final[Literal["Bearer", "OAuth"]]
EXPIRED_TOKEN_CODE: Final[int]
MASKED_WIRE: Final[str]
ACCESS_TOKEN_ENV: Final[str]
BASE_URL_ENV: Final[str]
