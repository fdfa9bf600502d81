"""Compiled templates, kept: Jinja turns a template's source into Python code once per process here, and, with
the build's cache folder, once per machine (0.2 s of every worker's warm-up: the theme's 54 templates and the
12 page templates).

An entry is named by the template's name and file and by every setting of its environment that changes the
code Jinja writes (Jinja's and Python's versions, the environment's class — a sandbox's code differs —, its
delimiters, extensions, filters and tests, whether that template is autoescaped); it holds the checksum of the
source it was compiled from, which Jinja compares on every load: an edited template is compiled again.

Compiled code runs as the build, and a cache folder may be written by others than the build (a CI cache that
a merge request's pipeline shares with the main branch's): an entry is signed (HMAC-SHA256) with a key of
this user's that lies outside every project and cache (`~/.local/state/campaignsite/`, mode 0600), and one
whose signature does not verify — planted, damaged, or written under another key, as on a CI runner whose
home is new each run — is never unpacked: the template is compiled again."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
import secrets
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


def _qualified(value: object) -> str:
    return "" if value is None else f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"


def code_settings(env: jinja2.Environment, name: str) -> tuple[object, ...]:
    """What, besides the source, decides the code Jinja compiles `name` to in `env`."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    return (
        jinja2.__version__,
        sys.implementation.cache_tag,
        _qualified(type(env)),
        _qualified(env.code_generator_class),
        _qualified(env.context_class),
        (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string),
        (env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix),
        (env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline),
        sorted(env.extensions),
        sorted(env.filters),
        sorted(env.tests),
        env.optimized,
        env.is_async,
        _qualified(env.finalize),
        bool(autoescape),
    )


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache: in memory, and in `folder` once `keep_in` names one. Each entry also remembers the
    templates its source names by a constant (`references`), so that a warm-up reaches them without parsing."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self._codes: dict[str, tuple[bytes, tuple[str, ...] | None]] = {}

    def keep_in(self, folder: Path | None) -> None:
        self.folder = folder

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        settings = repr((code_settings(environment, name), name, filename)).encode("utf-8")
        bucket = Bucket(environment, hashlib.sha256(settings).hexdigest()[:40], self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def _entry(self, key: str) -> tuple[bytes, tuple[str, ...] | None] | None:
        if (kept := self._codes.get(key)) is not None or self.folder is None or (signing := signing_key()) is None:
            return kept
        try:
            signed = (self.folder / f"{key}.code").read_bytes()
        except OSError:
            return None
        payload, signature = signed[:-_SIGNATURE], signed[-_SIGNATURE:]
        if len(signed) <= _SIGNATURE or not hmac.compare_digest(signature, _sign(signing, key, payload)):
            return None  # not written by a build of this user's: never unpacked
        try:
            code, references = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return None
        if not isinstance(code, bytes) or not (references is None or _names(references)):
            return None
        self._codes[key] = (code, references)
        return code, references

    def load_bytecode(self, bucket: Bucket) -> None:
        if (entry := self._entry(bucket.key)) is not None:
            bucket.bytecode_from_string(entry[0])  # Jinja checks its magic and the source's checksum

    def references(self, bucket: Bucket) -> tuple[str, ...] | None:
        """The templates a loaded bucket's source names by a constant; None: not known."""
        entry = self._entry(bucket.key)
        return entry[1] if entry is not None and bucket.code is not None else None

    def dump_bytecode(self, bucket: Bucket, references: Sequence[str] | None = None) -> None:
        entry = (bucket.bytecode_to_string(), None if references is None else tuple(references))
        self._codes[bucket.key] = entry
        if self.folder is None or (signing := signing_key()) is None:
            return
        payload = marshal.dumps(entry)
        with contextlib.suppress(OSError):  # a memory, not a product: a build that cannot keep it goes on
            self.folder.mkdir(parents=True, exist_ok=True)
            partial = self.folder / f".{bucket.key}.{os.getpid()}.tmp"
            partial.write_bytes(payload + _sign(signing, bucket.key, payload))
            os.replace(partial, self.folder / f"{bucket.key}.code")  # whole, or not at all

    def clear(self) -> None:
        self._codes.clear()


_SIGNATURE = hashlib.sha256().digest_size
_KEY_BYTES = 32


def _sign(signing: bytes, key: str, payload: bytes) -> bytes:
    """The entry's signature: its name too, so that a signed entry cannot be passed off under another name."""
    return hmac.new(signing, key.encode("ascii") + b"\0" + payload, hashlib.sha256).digest()


def key_folder() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "campaignsite"


@cache
def signing_key() -> bytes | None:
    """This user's key for compiled templates, made on first use; None where it can be neither read nor made
    (no writable home): templates are then compiled in every process, as without a cache."""
    folder, name = key_folder(), "template-key"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as made:
                made.write(secrets.token_bytes(_KEY_BYTES))
        descriptor = os.open(folder / name, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as kept:
            seen, key = os.fstat(kept.fileno()), kept.read()
    except OSError:
        return None
    # another's file, or one others may read or write: its signatures prove nothing
    if seen.st_uid != os.getuid() or seen.st_mode & 0o077 or len(key) != _KEY_BYTES:
        return None
    return key


def _names(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(item, str) for item in value)


COMPILED = CompiledTemplates()  # one per process: the page templates' and the theme's environments


def keep_compiled(folder: Path | None) -> None:
    """Keep compiled templates in `folder` (the cache's) from now on in this process; None: in memory only."""
    COMPILED.keep_in(folder)
