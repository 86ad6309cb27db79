# sparkapi runtime: sparkgen copies this file verbatim from runtime/sparkapi/_resource.py; edit it there.
"""Base classes of the generated resources, and how each operation is written once.

A generated service writes each operation once, as a function of its arguments that
describes the request (a ``Call``; ``Pages`` for a list read page after page), with
its parameters, types and docstring. ``SyncOperation`` and ``AsyncOperation`` make it a
method of the synchronous and of the asynchronous resource: the same parameters (a
``ParamSpec``, so editors and type checkers see them), sent through that client's
transport. Writing every method once instead of twice halves the generated code, and
with it the formatting that generation spends most of its time on.
"""

from __future__ import annotations

from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Callable,
    Concatenate,
    Coroutine,
    Generic,
    Iterator,
    Mapping,
    ParamSpec,
    TypeVar,
    cast,
    overload,
)

from sparkapi._transport import NO_OPTIONS, AsyncTransport, Transport

if TYPE_CHECKING:
    from inspect import Signature

    from sparkapi._models import Model
    from sparkapi._upload import MultipartForm

__all__ = [
    "AsyncOperation",
    "AsyncPages",
    "AsyncResource",
    "Call",
    "Calls",
    "Pages",
    "Resource",
    "SyncOperation",
    "SyncPages",
]

P = ParamSpec("P")
T = TypeVar("T")


class Resource:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport


class AsyncResource:
    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport


class Calls:
    """Base of a service's ``_<Name>Calls``: their functions run with the resource as
    ``self`` (sync or async), so they may use its transport (to check filter rules)."""

    _transport: Transport | AsyncTransport


class Call(Generic[T]):
    """One request of an operation: ``kind`` names how its answer is read (``one``,
    ``optional``, ``list``, ``map`` or ``none``, the transport's ``request_<kind>``)."""

    __slots__ = ("kind", "method", "path", "model", "params", "body", "options")

    def __init__(
        self,
        kind: str,
        method: str,
        path: str,
        model: type[Model] | None = None,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | MultipartForm | None = None,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> None:
        self.kind = kind
        self.method = method
        self.path = path
        self.model = model
        self.params = params
        self.body = body
        self.options = options

    def send(self, transport: Transport) -> T:
        if self.model is None:
            transport.request_none(
                self.method,
                self.path,
                params=self.params,
                body=self.body,
                options=self.options,
            )
            return cast(T, None)
        send = getattr(transport, f"request_{self.kind}")
        return cast(
            T,
            send(
                self.method,
                self.path,
                self.model,
                params=self.params,
                body=self.body,
                options=self.options,
            ),
        )

    async def send_async(self, transport: AsyncTransport) -> T:
        if self.model is None:
            await transport.request_none(
                self.method,
                self.path,
                params=self.params,
                body=self.body,
                options=self.options,
            )
            return cast(T, None)
        send = getattr(transport, f"request_{self.kind}")
        return cast(
            T,
            await send(
                self.method,
                self.path,
                self.model,
                params=self.params,
                body=self.body,
                options=self.options,
            ),
        )


class Pages(Generic[T]):
    """Every record of a paged list read: the GET of each page as the caller advances."""

    __slots__ = (
        "path",
        "model",
        "params",
        "page_param",
        "pagination_param",
        "limit_param",
        "options",
    )

    def __init__(
        self,
        path: str,
        model: type[T],
        *,
        params: Mapping[str, Any],
        page_param: str,
        pagination_param: str,
        limit_param: str,
        options: Mapping[str, Any] = NO_OPTIONS,
    ) -> None:
        self.path = path
        self.model = model
        self.params = params
        self.page_param = page_param
        self.pagination_param = pagination_param
        self.limit_param = limit_param
        self.options = options

    def iterate(self, transport: Transport) -> Iterator[T]:
        return transport.iterate(self.path, self._model(), **self._arguments())

    def iterate_async(self, transport: AsyncTransport) -> AsyncIterator[T]:
        return transport.iterate(self.path, self._model(), **self._arguments())

    def _model(self) -> type[Any]:
        return self.model  # the transports' M is bound to Model; T is that model

    def _arguments(self) -> dict[str, Any]:
        return {
            "params": self.params,
            "page_param": self.page_param,
            "pagination_param": self.pagination_param,
            "limit_param": self.limit_param,
            "options": self.options,
        }


class _Bound(Generic[P, T]):
    """A descriptor over an operation's function: read on a resource, a method of it.

    The method is made on the first read and kept in the resource's ``__dict__``, which
    Python finds first from then on: a call costs one function call more than a method
    written out.
    """

    def __init__(self, build: Callable[Concatenate[Any, P], T]) -> None:
        self.build = build
        self.name = build.__name__
        self.__doc__ = build.__doc__
        self._signature: Signature | None = None

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    _returns = "{}"  # what the method returns, around what the Call or Pages holds

    def _adopt(self, resource: object, method: Callable[..., Any]) -> None:
        """Give ``method`` the operation's name, docstring and signature (``self``
        left out: what ``help()`` and ``inspect.signature`` show), and keep it."""
        if self._signature is None:
            import inspect  # only when a method is first made, not on import

            signature = inspect.signature(self.build)
            returns = signature.return_annotation  # "Call[Listing]", a string
            if isinstance(returns, str) and returns.endswith("]"):
                returns = self._returns.format(returns[returns.index("[") + 1 : -1])
            self._signature = signature.replace(
                parameters=list(signature.parameters.values())[1:],
                return_annotation=returns,
            )
        method.__module__ = self.build.__module__
        method.__name__ = self.name
        method.__qualname__ = f"{type(resource).__qualname__}.{self.name}"
        method.__doc__ = self.__doc__
        setattr(method, "__signature__", self._signature)
        vars(resource)[self.name] = method


class SyncOperation(_Bound[P, Call[T]]):
    """``name = SyncOperation(_Calls.name)``: a method of a ``Resource``."""

    @overload
    def __get__(self, resource: None, owner: type) -> SyncOperation[P, T]: ...
    @overload
    def __get__(self, resource: Resource, owner: type) -> Callable[P, T]: ...
    def __get__(
        self, resource: Resource | None, owner: type
    ) -> SyncOperation[P, T] | Callable[P, T]:
        if resource is None:
            return self
        build = self.build
        transport = resource._transport  # pyright: ignore[reportPrivateUsage]

        def method(*args: P.args, **kwargs: P.kwargs) -> T:
            return build(resource, *args, **kwargs).send(transport)

        self._adopt(resource, method)
        return method


class AsyncOperation(_Bound[P, Call[T]]):
    """``name = AsyncOperation(_Calls.name)``: a coroutine method of an ``AsyncResource``."""

    @overload
    def __get__(self, resource: None, owner: type) -> AsyncOperation[P, T]: ...
    @overload
    def __get__(
        self, resource: AsyncResource, owner: type
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...
    def __get__(
        self, resource: AsyncResource | None, owner: type
    ) -> AsyncOperation[P, T] | Callable[P, Coroutine[Any, Any, T]]:
        if resource is None:
            return self
        build = self.build
        transport = resource._transport  # pyright: ignore[reportPrivateUsage]

        async def method(*args: P.args, **kwargs: P.kwargs) -> T:
            return await build(resource, *args, **kwargs).send_async(transport)

        self._adopt(resource, method)
        return method


class SyncPages(_Bound[P, Pages[T]]):
    """``iter_name = SyncPages(_Calls.iter_name)``: an iterator over every page."""

    _returns = "Iterator[{}]"

    @overload
    def __get__(self, resource: None, owner: type) -> SyncPages[P, T]: ...
    @overload
    def __get__(self, resource: Resource, owner: type) -> Callable[P, Iterator[T]]: ...
    def __get__(
        self, resource: Resource | None, owner: type
    ) -> SyncPages[P, T] | Callable[P, Iterator[T]]:
        if resource is None:
            return self
        build = self.build
        transport = resource._transport  # pyright: ignore[reportPrivateUsage]

        def method(*args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
            return build(resource, *args, **kwargs).iterate(transport)

        self._adopt(resource, method)
        return method


class AsyncPages(_Bound[P, Pages[T]]):
    """``iter_name = AsyncPages(_Calls.iter_name)``: an async iterator over every page."""

    _returns = "AsyncIterator[{}]"

    @overload
    def __get__(self, resource: None, owner: type) -> AsyncPages[P, T]: ...
    @overload
    def __get__(
        self, resource: AsyncResource, owner: type
    ) -> Callable[P, AsyncIterator[T]]: ...
    def __get__(
        self, resource: AsyncResource | None, owner: type
    ) -> AsyncPages[P, T] | Callable[P, AsyncIterator[T]]:
        if resource is None:
            return self
        build = self.build
        transport = resource._transport  # pyright: ignore[reportPrivateUsage]

        def method(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
            return build(resource, *args, **kwargs).iterate_async(transport)

        self._adopt(resource, method)
        return method
