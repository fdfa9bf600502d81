"""A deploy target's bucket through boto3 (S3 API: 阿里云 OSS, 腾讯云 COS, 华为云 OBS, MinIO, SeaweedFS): the few
calls a deploy makes, each failure said in one Chinese sentence (StorageError) instead of botocore's English.

Credentials come from where every AWS tool looks (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws/credentials,
the deploy's `profile`), never from YAML or the command line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)

from ..read.model import Deploy

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

SHA_METADATA = "sha256"  # x-amz-meta-sha256: what each object holds, compared instead of its bytes
DELETE_BATCH = 1000  # the most keys one DeleteObjects takes
ACTIONS = {"read": "读取", "write": "写入", "delete": "删除", "list": "列出"}


class StorageError(Exception):
    """The storage refused or could not be reached: one sentence for the editor."""


def _client_message(error: ClientError, deploy: Deploy, action: str, key: str) -> str:
    code = str(error.response.get("Error", {}).get("Code", ""))
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    doing = f"{ACTIONS[action]}“{key}”" if key else ACTIONS[action]
    if code == "SignatureDoesNotMatch":
        return f"对象存储 {deploy.endpoint} 拒绝了密钥（签名不符）：请检查 AWS_SECRET_ACCESS_KEY"
    if code == "InvalidAccessKeyId":
        return f"对象存储 {deploy.endpoint} 不认识所用的密钥（InvalidAccessKeyId）：请检查 AWS_ACCESS_KEY_ID"
    if code in ("AccessDenied", "AllAccessDisabled") or status == 403:
        return f"对象存储拒绝{doing}（AccessDenied）：所用密钥没有存储桶 {deploy.bucket} 的{ACTIONS[action]}权限"
    if code == "NoSuchBucket":
        return f"对象存储 {deploy.endpoint} 上没有存储桶 {deploy.bucket}：请检查 deploy 的 bucket 和 endpoint"
    return f"对象存储{doing}时出错（{code or '未知错误'}，HTTP {status}）"


@contextmanager
def said(deploy: Deploy, action: str, key: str = "") -> Iterator[None]:
    """botocore's failures as StorageError."""
    try:
        yield
    except (NoCredentialsError, PartialCredentialsError) as error:
        message = "没有找到对象存储的访问密钥：请设置环境变量 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY"
        raise StorageError(message + "（或 ~/.aws/credentials），不要写进 YAML") from error
    except ProfileNotFound as error:
        raise StorageError(f"~/.aws/credentials 中没有名为“{deploy.profile}”的密钥（deploy 的 profile）") from error
    except BotoConnectionError as error:
        raise StorageError(f"无法连接对象存储 {deploy.endpoint}（网络错误）") from error
    except ClientError as error:
        raise StorageError(_client_message(error, deploy, action, key)) from error
    except BotoCoreError as error:
        raise StorageError(f"访问对象存储 {deploy.endpoint} 时出错：{type(error).__name__}") from error


class Bucket:
    def __init__(self, deploy: Deploy):
        self.deploy = deploy
        config = Config(
            s3={"addressing_style": deploy.addressing},
            signature_version="s3v4",
            retries={"mode": "standard"},  # AWS_MAX_ATTEMPTS, if set, says how many times
            connect_timeout=10,
            read_timeout=60,
            max_pool_connections=16,
            # the CRC checksums boto3 adds since 1.36 are not read by every S3-compatible store (OSS, COS, OBS)
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        with said(deploy, "read"):
            self.session = boto3.session.Session(profile_name=deploy.profile)
            self.client: S3Client = self.session.client(
                "s3", endpoint_url=deploy.endpoint, region_name=deploy.region or "us-east-1", config=config
            )

    def require_credentials(self) -> None:
        """A key to sign with, said before a minute of building rather than after."""
        with said(self.deploy, "read"):
            if self.session.get_credentials() is None:
                raise NoCredentialsError()

    def listing(self, prefix: str) -> dict[str, int]:
        """Every object under `prefix` and its size."""
        found: dict[str, int] = {}
        with said(self.deploy, "list"):
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.deploy.bucket, Prefix=prefix):
                found.update({item["Key"]: item["Size"] for item in page.get("Contents", [])})
        return found

    def read(self, key: str) -> bytes:
        with said(self.deploy, "read", key):
            return self.client.get_object(Bucket=self.deploy.bucket, Key=key)["Body"].read()

    def sha256(self, key: str) -> str | None:
        """The content an object says it holds (None: it says nothing, or is not there)."""
        with said(self.deploy, "read", key):
            try:
                head = self.client.head_object(Bucket=self.deploy.bucket, Key=key)
            except ClientError as error:
                if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                    return None
                raise
        return head.get("Metadata", {}).get(SHA_METADATA)

    def put(self, key: str, data: bytes, sha256: str, content_type: str, cache_control: str) -> None:
        with said(self.deploy, "write", key):
            self.client.put_object(
                Bucket=self.deploy.bucket,
                Key=key,
                Body=data,
                ContentType=content_type,
                CacheControl=cache_control,
                Metadata={SHA_METADATA: sha256},
            )

    def copy(self, source: str, key: str, sha256: str, content_type: str, cache_control: str) -> None:
        """A server-side copy with the headers it is served with (the bytes are not sent again)."""
        with said(self.deploy, "write", key):
            self.client.copy_object(
                Bucket=self.deploy.bucket,
                Key=key,
                CopySource={"Bucket": self.deploy.bucket, "Key": source},
                MetadataDirective="REPLACE",
                ContentType=content_type,
                CacheControl=cache_control,
                Metadata={SHA_METADATA: sha256},
            )

    def delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), DELETE_BATCH):
            batch = keys[start : start + DELETE_BATCH]
            with said(self.deploy, "delete", batch[0]):
                answer = self.client.delete_objects(
                    Bucket=self.deploy.bucket, Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True}
                )
            if errors := answer.get("Errors"):
                first = errors[0]
                code, key = first.get("Code", ""), first.get("Key", "")
                refused = ClientError({"Error": {"Code": code}}, "DeleteObjects")
                raise StorageError(_client_message(refused, self.deploy, "delete", key))
