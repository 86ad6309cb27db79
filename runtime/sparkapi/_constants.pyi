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
INVALID_CREDENTIALS_CODES: Final[frozenset[int]]
AUTH_URLS: Final[dict[str, dict[str, str]]]
AUTH_PARAMETERS: Final[dict[str, dict[str, str]]]
AUTH_FIXED_PARAMETERS: Final[dict[str, dict[str, str]]]
AUTH_LIFETIMES: Final[dict[str, dict[str, int]]]
SIGNATURE_DIGEST: Final[str]
SESSION_SIGNATURE: Final[str]
REQUEST_SIGNATURE: Final[str]
TOKEN_FILE_ENV: Final[str]
PLATFORM_URL_ENV: Final[str]
