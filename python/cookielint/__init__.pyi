import os
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

__version__: str

Document = Union[str, bytes]
Config = Union[None, str, os.PathLike[str], Mapping[str, Any]]

class CookielintError(ValueError):
    message: str
    span: Optional[tuple[int, int]]
    def __init__(self, message: str, span: Optional[tuple[int, int]] = ...) -> None: ...

def extract(document: Document, *, format: Optional[str] = ..., source: Optional[str] = ...) -> dict[str, Any]: ...
def lint(
    document: Document,
    *,
    config: Config = ...,
    profile: Optional[str] = ...,
    format: Optional[str] = ...,
    source: Optional[str] = ...,
) -> list[dict[str, Any]]: ...
def extract_many(
    documents: Iterable[Document],
    *,
    format: Optional[str] = ...,
    sources: Optional[Sequence[str]] = ...,
    threads: Optional[int] = ...,
    errors: str = ...,
) -> list[Union[dict[str, Any], CookielintError]]: ...
def records(
    rows: Iterable[Mapping[str, Any]],
    *,
    lint: bool = ...,
    config: Config = ...,
    profile: Optional[str] = ...,
    threads: Optional[int] = ...,
) -> list[str]: ...
def records_from_warc(
    data: bytes,
    *,
    name: str = ...,
    lint: bool = ...,
    config: Config = ...,
    profile: Optional[str] = ...,
    threads: Optional[int] = ...,
) -> list[str]: ...
