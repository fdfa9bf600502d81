"""Compiled templates, kept: Jinja turns a template's source into Python code once per process here, and, with
the build's cache folder, once per machine (0.2 s of every worker's warm-up: the theme's 54 templates and the
12 page templates).

An entry is named by the template's name and file and by everything that changes the code Jinja writes (every
installed library's version and Python's, the environment's class and its module's source — a sandbox's rules
—, its syntax, extensions and policies, each filter and test with how it is called and its module's source —
Jinja's optimiser writes a filter's result on constants into the code —, and whether that template is
autoescaped); it holds the checksum of the source it was compiled from, which Jinja compares on every load:
an edited template is compiled again. Entries are read only as regular files (never through a link, never a
FIFO or a device) and written under a fresh name, then renamed into place.

Compiled code runs as the build, and a cache folder may be written by others than the build (a CI cache that
a merge request's pipeline shares with the main branch's): an entry is signed (HMAC-SHA256) with a key of
this user's that lies outside every project and cache (`~/.local/state/campaignsite/`, mode 0600), and one
whose signature does not verify — planted, damaged, or written under another key, as on a CI runner whose
home is new each run — is never unpacked: the template is compiled again. The limit: whoever runs code as the
build's user (a merge request's job on a persistent runner under the same account) can read the key, and
could equally change the installed packages."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
import secrets
import stat
import sys
import tempfile
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from ..installed import installed_libraries
from ..safe_write import write_whole
from .segment import dictionary_key


def _qualified(value: object) -> str:
    return "" if value is None else f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"


@cache
def _module_source(name: str | None) -> str:
    """A digest of a Python module's source (a filter Jinja's optimiser ran on constants at compile time wrote
    its result into the code); a compiled module's name (its library's version is in the key)."""
    module = sys.modules.get(name or "")
    file = getattr(module, "__file__", None)
    if not file or not file.endswith(".py"):
        return name or ""
    try:
        return hashlib.sha256(Path(file).read_bytes()).hexdigest()
    except OSError:
        return secrets.token_hex(8)  # unreadable: nothing kept matches it


def _callables(table: Mapping[str, object]) -> list[tuple[str, str, str, str]]:
    """Filters or tests: each one's name, function, how Jinja passes it the context, and its module's source."""
    return sorted(
        (name, _qualified(f), str(getattr(f, "jinja_pass_arg", "")), _module_source(getattr(f, "__module__", None)))
        for name, f in table.items()
    )


_words = cache(dictionary_key)


def code_settings(env: jinja2.Environment, name: str) -> tuple[object, ...]:
    """What, besides the source, decides the code Jinja compiles `name` to in `env`: the libraries installed
    (Jinja, MkDocs, Material ...) and Python, the environment's class and its module's source (a sandbox's
    rules), its syntax, extensions, policies, filters and tests (and their code), and escaping."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    policies = sorted((k, _qualified(v) if callable(v) else repr(v)) for k, v in env.policies.items())
    return (
        installed_libraries(),
        _words(),  # `words` and `md` cut text with the build's dictionary: on a constant, Jinja's code holds it
        sys.implementation.cache_tag,
        _qualified(type(env)),
        _module_source(type(env).__module__),
        sorted(getattr(env, "intercepted_binops", ())),
        sorted(getattr(env, "intercepted_unops", ())),
        _qualified(env.code_generator_class),
        _qualified(env.context_class),
        (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string),
        (env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix),
        (env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline),
        sorted((key, _qualified(type(extension))) for key, extension in env.extensions.items()),
        getattr(env, "newstyle_gettext", None),
        policies,
        _callables(env.filters),
        _callables(env.tests),
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
        if (read := _read_regular(self.folder / f"{key}.code", _LARGEST)) is None:
            return None
        signed = read[1]
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
            write_whole(self.folder / f"{bucket.key}.code", payload + _sign(signing, bucket.key, payload))

    def clear(self) -> None:
        self._codes.clear()


_SIGNATURE = hashlib.sha256().digest_size
_KEY_BYTES = 32
_LARGEST = 8 * 1024 * 1024  # an entry is tens of KB: a larger file is not read


def _read_regular(path: Path, largest: int) -> tuple[os.stat_result, bytes] | None:
    """(its status, its bytes) of a regular file of at most `largest` bytes; None for anything else: never waits
    on a FIFO, follows a link or reads a device."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as opened:
        seen = os.fstat(opened.fileno())
        if not stat.S_ISREG(seen.st_mode) or seen.st_size > largest:
            return None
        return seen, opened.read(largest + 1)


def _sign(signing: bytes, key: str, payload: bytes) -> bytes:
    """The entry's signature: its name too, so that a signed entry cannot be passed off under another name."""
    return hmac.new(signing, key.encode("ascii") + b"\0" + payload, hashlib.sha256).digest()


def key_folder() -> Path:
    """Where this user's key lies: $XDG_STATE_HOME (only an absolute one, as the XDG specification says) or
    ~/.local/state, then campaignsite/."""
    state = os.environ.get("XDG_STATE_HOME", "")
    base = Path(state) if os.path.isabs(state) else Path(os.path.expanduser("~")) / ".local" / "state"
    return base / "campaignsite"


@cache
def signing_key() -> bytes | None:
    """This user's key for compiled templates, made on first use (written whole under a name of its own, then
    linked into place: no process ever reads half a key); None where it can be neither read nor made (no
    writable home) or where others may read or replace it: templates are then compiled in every process."""
    folder = key_folder()
    path = folder / "template-key"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            handle, partial = tempfile.mkstemp(dir=folder, prefix=".template-key.")  # 0600
            try:
                with os.fdopen(handle, "wb") as made:
                    made.write(secrets.token_bytes(_KEY_BYTES))
                with contextlib.suppress(FileExistsError):  # another process's key is in place: that one
                    os.link(partial, path)
            finally:
                os.unlink(partial)
        held = os.stat(folder)
    except OSError:
        return None
    if (read := _read_regular(path, _KEY_BYTES)) is None:
        return None
    seen, key = read
    unsafe = seen.st_uid != os.getuid() or seen.st_mode & 0o077 or held.st_uid != os.getuid() or held.st_mode & 0o022
    if unsafe or len(key) != _KEY_BYTES:
        return None  # another's file, or one others may read or replace: its signatures prove nothing
    return key


def _names(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(item, str) for item in value)


COMPILED = CompiledTemplates()  # one per process: the page templates' and the theme's environments


def keep_compiled(folder: Path | None) -> None:
    """Keep compiled templates in `folder` (the cache's) from now on in this process; None: in memory only."""
    COMPILED.keep_in(folder)
