"""Compiled templates kept in the cache folder (render/compiled.py): reused only for the same source and the
same settings of the environment, compiled again otherwise."""

from __future__ import annotations

import marshal
import os
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from generator.render.compiled import CompiledTemplates, signing_key

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This test's user key folder (the key is made on first use)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    signing_key.cache_clear()
    yield tmp_path / "state" / "campaignsite"
    signing_key.cache_clear()


def _environment(
    templates: Path, kept: Path, kind: type[jinja2.Environment] = jinja2.Environment, autoescape: bool = False
) -> tuple[jinja2.Environment, CompiledTemplates]:
    """A new process's environment: nothing in memory, the folder shared."""
    compiled = CompiledTemplates()
    compiled.keep_in(kept)
    env = kind(loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=compiled, autoescape=autoescape)
    return env, compiled


def _compiles(env: jinja2.Environment, name: str) -> int:
    """How many times Jinja compiles while loading `name`."""
    count = 0
    compile_source = env._compile

    def counted(source: str, filename: str) -> object:
        nonlocal count
        count += 1
        return compile_source(source, filename)

    env._compile = counted  # type: ignore[method-assign]
    env.get_template(name)
    return count


def test_a_kept_template_is_not_compiled_again_and_renders_the_same(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{{ greeting }}，{{ 1 + 2 }}", encoding="utf-8")
    first, _ = _environment(tmp_path / "t", tmp_path / "kept")
    assert _compiles(first, "page.html") == 1
    later, _ = _environment(tmp_path / "t", tmp_path / "kept")
    assert _compiles(later, "page.html") == 0
    assert later.get_template("page.html").render(greeting="你好") == "你好，3"


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "page.html"
    page.write_text("旧", encoding="utf-8")
    _compiles(_environment(tmp_path / "t", tmp_path / "kept")[0], "page.html")
    page.write_text("新", encoding="utf-8")
    later, _ = _environment(tmp_path / "t", tmp_path / "kept")
    assert _compiles(later, "page.html") == 1
    assert later.get_template("page.html").render() == "新"


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xe3" * 40, "truncate"])
def test_a_damaged_entry_is_compiled_again(tmp_path: Path, damage: bytes | str) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{{ 6 * 7 }}", encoding="utf-8")
    _compiles(_environment(tmp_path / "t", tmp_path / "kept")[0], "page.html")
    (entry,) = (tmp_path / "kept").glob("*.code")
    entry.write_bytes(entry.read_bytes()[:40] if damage == "truncate" else damage)  # type: ignore[arg-type]
    later, _ = _environment(tmp_path / "t", tmp_path / "kept")
    assert _compiles(later, "page.html") == 1
    assert later.get_template("page.html").render() == "42"


def test_a_sandbox_and_escaping_never_run_code_compiled_for_another_environment(tmp_path: Path) -> None:
    """The same template file in four environments: four entries, each escaping and sandboxing as its own."""
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{{ text }}{{ text.__class__ }}", encoding="utf-8")
    outputs = {}
    for kind in (jinja2.Environment, SandboxedEnvironment):
        for autoescape in (False, True):
            env, _ = _environment(tmp_path / "t", tmp_path / "kept", kind, autoescape)
            assert _compiles(env, "page.html") == 1, (kind, autoescape)
            outputs[kind, autoescape] = env.get_template("page.html").render(text="<b>")
    assert len(list((tmp_path / "kept").glob("*.code"))) == 4
    assert outputs[jinja2.Environment, False] == "<b><class 'str'>"
    assert outputs[jinja2.Environment, True] == "&lt;b&gt;&lt;class &#39;str&#39;&gt;"
    assert outputs[SandboxedEnvironment, False] == "<b>"  # the sandbox hides __class__
    assert outputs[SandboxedEnvironment, True] == "&lt;b&gt;"


def test_a_folder_that_cannot_be_written_leaves_the_templates_in_memory(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("页", encoding="utf-8")
    (tmp_path / "kept").write_text("a file where the folder would be", encoding="utf-8")
    env, compiled = _environment(tmp_path / "t", tmp_path / "kept")
    assert env.get_template("page.html").render() == "页"
    assert len(compiled._codes) == 1


def test_an_entry_the_build_did_not_sign_is_never_run(tmp_path: Path, own_key: Path) -> None:
    """Code planted in the cache folder (a shared CI cache, say), well-formed as an entry, is not unpacked: the
    template is compiled from its source."""
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("真的", encoding="utf-8")
    first, _ = _environment(tmp_path / "t", tmp_path / "kept")
    _compiles(first, "page.html")
    (entry,) = (tmp_path / "kept").glob("*.code")
    forged = first.compile("伪造", "page.html", str(tmp_path / "t" / "page.html"))
    bucket = first.bytecode_cache.get_bucket(first, "page.html", str(tmp_path / "t" / "page.html"), "真的")  # type: ignore[union-attr]
    bucket.code = forged
    payload = marshal.dumps((bucket.bytecode_to_string(), None))
    entry.write_bytes(payload + bytes(32))  # a signature made without the key
    later, _ = _environment(tmp_path / "t", tmp_path / "kept")
    assert _compiles(later, "page.html") == 1
    assert later.get_template("page.html").render() == "真的"
    assert own_key.stat().st_mode & 0o777 == 0o700
    assert (own_key / "template-key").stat().st_mode & 0o777 == 0o600


def test_entries_signed_under_another_key_are_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CI runner's home is new each run: what an earlier run kept is compiled again, not run."""
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("页", encoding="utf-8")
    _compiles(_environment(tmp_path / "t", tmp_path / "kept")[0], "page.html")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "another-home"))
    signing_key.cache_clear()
    later, _ = _environment(tmp_path / "t", tmp_path / "kept")
    assert _compiles(later, "page.html") == 1


def test_a_key_others_may_read_signs_nothing(tmp_path: Path, own_key: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("页", encoding="utf-8")
    assert signing_key() is not None
    (own_key / "template-key").chmod(0o644)
    signing_key.cache_clear()
    assert signing_key() is None
    first, _ = _environment(tmp_path / "t", tmp_path / "kept")
    assert first.get_template("page.html").render() == "页"  # in memory only
    assert not (tmp_path / "kept").exists()


def _only_entry(kept: Path) -> Path:
    (entry,) = kept.glob("*.code")
    return entry


def test_a_planted_link_or_fifo_is_neither_followed_nor_waited_on(tmp_path: Path) -> None:
    """Someone who can write the cache folder plants a link at an entry's name (to a file of theirs to have it
    overwritten, or to /dev/zero) or a FIFO (to hang the build): the entry is compiled again, the link replaced,
    nothing written through it."""
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("页", encoding="utf-8")
    kept = tmp_path / "kept"
    _compiles(_environment(tmp_path / "t", kept)[0], "page.html")
    entry = _only_entry(kept)
    victim = tmp_path / "victim"
    victim.write_text("theirs", encoding="utf-8")
    entry.unlink()
    entry.symlink_to(victim)
    later, _ = _environment(tmp_path / "t", kept)
    assert _compiles(later, "page.html") == 1
    assert victim.read_text(encoding="utf-8") == "theirs"
    assert not entry.is_symlink()
    entry.unlink()
    os.mkfifo(entry)
    fifo, _ = _environment(tmp_path / "t", kept)
    assert _compiles(fifo, "page.html") == 1  # returns: a FIFO is not read
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert _compiles(_environment(tmp_path / "t", kept)[0], "page.html") == 1


def test_what_changes_the_code_changes_the_entry(tmp_path: Path) -> None:
    """A filter now given the context, a sandbox's operator rules: another entry, never the old code."""
    from jinja2 import pass_context

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{{ 2 * 3 | shout }}", encoding="utf-8")

    def plain(value: object) -> str:
        return f"{value}!"

    @pass_context
    def with_context(context: object, value: object) -> str:
        return f"{value}!"

    class Stricter(SandboxedEnvironment):
        intercepted_binops = frozenset({"*"})

    names = set()
    for kind, shout in ((jinja2.Environment, plain), (jinja2.Environment, with_context), (Stricter, plain)):
        env, compiled = _environment(tmp_path / "t", tmp_path / "kept", kind)
        env.filters["shout"] = shout
        assert _compiles(env, "page.html") == 1, (kind, shout)
        names |= set(compiled._codes)
    assert len(names) == 3
