"""cookielint: the cookies a cookie policy declares, as a normalized table, and what is missing
or inconsistent in the declarations.

    >>> import cookielint
    >>> policy = cookielint.extract("| Cookie | Duration |\\n|---|---|\\n| _ga | 2 years |\\n")
    >>> policy["cookies"][0]["duration"]["seconds"]
    63113904

Every function takes a document as ``str`` (decoded text) or ``bytes`` (decoded as the command
line decodes files: UTF-8, UTF-16 with a byte-order mark, else Windows-1252). The results are the
command line's JSON output as Python objects (see the README's "Output contract").
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

from . import _native

__version__: str = _native.__version__

Document = Union[str, bytes]


class CookielintError(ValueError):
    """A document or a setting cookielint cannot read: ``message`` says why, ``span`` is the
    byte range ``(start, end)`` of the document it is about, when there is one."""

    def __init__(self, message: str, span: Optional[tuple[int, int]] = None) -> None:
        super().__init__(message if span is None else f"{message} (bytes {span[0]}..{span[1]})")
        self.message = message
        self.span = span


def _raise(error: ValueError) -> None:
    # The native module raises ValueError(message, span).
    args = error.args
    if len(args) == 2 and isinstance(args[0], str):
        message, span = args
        raise CookielintError(message, tuple(span) if span is not None else None) from None
    raise CookielintError(str(error)) from None


def _call(function, *args):
    """A native function's result; its ValueError(message, span) raised as CookielintError."""
    try:
        return function(*args)
    except ValueError as error:
        _raise(error)
        raise


def _config(config: Union[None, str, os.PathLike, Mapping[str, Any]]) -> tuple[Optional[str], Optional[str]]:
    if config is None:
        return None, None
    if isinstance(config, Mapping):
        return None, json.dumps(dict(config))
    return os.fspath(config), None


def extract(document: Document, *, format: Optional[str] = None, source: Optional[str] = None) -> dict[str, Any]:
    """The policy one document declares: ``source``, ``format``, ``language``, ``site``,
    ``tables``, ``cookies`` (each with name, provider, purpose, category, duration, party, kind
    and byte spans) and ``diagnostics`` — what ``cookielint extract --output-format json`` prints.

    ``format`` forces how the document is read ("markdown", "text", "html", "pdf-text"; None:
    detected from ``source``'s ending and the content). ``source`` names the document in the
    result (default "-")."""
    return json.loads(_call(_native.extract, document, format, source))


def lint(
    document: Document,
    *,
    config: Union[None, str, os.PathLike, Mapping[str, Any]] = None,
    profile: Optional[str] = None,
    format: Optional[str] = None,
    source: Optional[str] = None,
) -> list[dict[str, Any]]:
    """The lint findings of one document, as ``cookielint lint --output-format json`` writes them
    (source, rule, code, severity, message, help, line, column, end_line, end_column, span,
    related).

    ``config`` is a path to a ``cookielint.toml`` or its settings as a dict
    (``{"ignore": ["mixed-language"], "limits": {"any": "13 months"}}``); ``profile`` is
    "generic" or "cnil" and wins over the configuration's."""
    config_path, config_json = _config(config)
    return json.loads(_call(_native.lint, document, format, source, config_path, config_json, profile))


def extract_many(
    documents: Iterable[Document],
    *,
    format: Optional[str] = None,
    sources: Optional[Sequence[str]] = None,
    threads: Optional[int] = None,
    errors: str = "raise",
) -> list[Union[dict[str, Any], CookielintError]]:
    """``extract`` over many documents on all cores (or ``threads``), the GIL released while they
    are read; results in the order of ``documents``. A document that cannot be read raises its
    ``CookielintError`` (``errors="raise"``) or is returned as one in its place
    (``errors="return"``)."""
    if errors not in ("raise", "return"):
        raise ValueError('errors is "raise" or "return"')
    names = list(sources) if sources is not None else None
    results = _call(_native.extract_many, list(documents), format, names, threads)
    out: list[Union[dict[str, Any], CookielintError]] = []
    for policy, failure in results:
        if policy is not None:
            out.append(json.loads(policy))
            continue
        message, span = failure
        failure = CookielintError(message, tuple(span) if span is not None else None)
        if errors == "raise":
            raise failure
        out.append(failure)
    return out


def records(
    rows: Iterable[Mapping[str, Any]],
    *,
    lint: bool = False,
    config: Union[None, str, os.PathLike, Mapping[str, Any]] = None,
    profile: Optional[str] = None,
    threads: Optional[int] = None,
) -> list[str]:
    """What ``cookielint batch`` writes for rows of ``{"id", "url", "text" | "html"}`` (the
    records ``batch --stdin-jsonl`` reads): one JSON line per row, in order, with the document's
    status, counts, cookies and, with ``lint``, its findings. For Spark's ``mapInPandas`` and
    other engines that hand over batches of rows."""
    config_path, config_json = _config(config)
    packed = []
    for row in rows:
        identifier = row.get("id")
        packed.append((
            None if identifier is None else str(identifier),
            row.get("url"),
            row.get("text"),
            row.get("html"),
        ))
    return _call(_native.records, packed, lint, config_path, config_json, profile, threads)


def records_from_warc(
    data: bytes,
    *,
    name: str = "-",
    lint: bool = False,
    config: Union[None, str, os.PathLike, Mapping[str, Any]] = None,
    profile: Optional[str] = None,
    threads: Optional[int] = None,
) -> list[str]:
    """What ``cookielint batch`` writes for a WARC file's bytes (gzip-compressed or not): one
    JSON line per response or resource record, in order, its source the record's target URI
    and its date the WARC date. ``name`` names the file in the sources of broken records."""
    config_path, config_json = _config(config)
    return _call(_native.records_from_warc, bytes(data), name, lint, config_path, config_json, profile, threads)


__all__ = [
    "CookielintError", "Document", "extract", "extract_many", "lint", "records", "records_from_warc", "__version__",
]
