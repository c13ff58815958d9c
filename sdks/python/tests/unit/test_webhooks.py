"""Webhook verification against signatures made by the notification service's signer
(sdks/testdata/webhook-signatures.json)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
import standardwebhooks.webhooks

from strata import Strata, StrataError, WebhookVerificationError, verify_webhook

FIXTURE = Path(__file__).resolve().parents[3] / "testdata" / "webhook-signatures.json"
CASES = json.loads(FIXTURE.read_text(encoding="utf-8"))["cases"]
IDS = [c["id"] for c in CASES]


@pytest.fixture
def now(monkeypatch):
    """Sets the clock standardwebhooks checks timestamps against."""

    def set_now(timestamp: float) -> None:
        class Frozen(datetime):
            @classmethod
            def now(cls, tz=None):  # type: ignore[override]
                return datetime.fromtimestamp(timestamp, tz=tz or timezone.utc)

        monkeypatch.setattr(standardwebhooks.webhooks, "datetime", Frozen)

    return set_now


def headers(case: dict, **override: str) -> dict[str, str]:
    h = {"webhook-id": case["id"], "webhook-timestamp": str(case["timestamp"]), "webhook-signature": case["signature"]}
    h.update(override)
    return h


def test_the_fixture_has_cases():
    assert len(CASES) >= 3


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_valid_signatures_verify(case, now):
    now(case["timestamp"] + 10)
    assert verify_webhook(case["payload"].encode(), headers(case), case["secret"]) == json.loads(case["payload"])
    # str payloads, any header case, and through the client's namespace
    upper = {k.title(): v for k, v in headers(case).items()}
    assert verify_webhook(case["payload"], upper, case["secret"]) == json.loads(case["payload"])
    client = Strata(base_url="http://127.0.0.1:9", api_key="sk_unused")
    assert client.webhooks.verify(case["payload"].encode(), headers(case), case["secret"]) == json.loads(case["payload"])
    client.close()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_tampered_payload_fails(case, now):
    now(case["timestamp"])
    tampered = case["payload"].replace("}", ' ,"x":1}', 1).encode()
    with pytest.raises(WebhookVerificationError, match="signature"):
        verify_webhook(tampered, headers(case), case["secret"])
    with pytest.raises(WebhookVerificationError):
        verify_webhook(case["payload"].encode() + b" ", headers(case), case["secret"])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_wrong_secret_fails(case, now):
    now(case["timestamp"])
    other = next(c["secret"] for c in CASES if c["secret"] != case["secret"])
    with pytest.raises(WebhookVerificationError):
        verify_webhook(case["payload"].encode(), headers(case), other)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_an_old_timestamp_fails(case, now):
    now(case["timestamp"] + 6 * 60)
    with pytest.raises(WebhookVerificationError, match="too old"):
        verify_webhook(case["payload"].encode(), headers(case), case["secret"])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_future_timestamp_fails(case, now):
    now(case["timestamp"] - 6 * 60)
    with pytest.raises(WebhookVerificationError, match="too new"):
        verify_webhook(case["payload"].encode(), headers(case), case["secret"])


def test_a_changed_id_or_timestamp_fails(now):
    case = CASES[0]
    now(case["timestamp"])
    with pytest.raises(WebhookVerificationError):
        verify_webhook(case["payload"].encode(), headers(case, **{"webhook-id": "msg_other"}), case["secret"])
    with pytest.raises(WebhookVerificationError):
        verify_webhook(
            case["payload"].encode(), headers(case, **{"webhook-timestamp": str(case["timestamp"] + 1)}), case["secret"]
        )


def test_missing_headers_fail(now):
    case = CASES[0]
    now(case["timestamp"])
    for name in ("webhook-id", "webhook-timestamp", "webhook-signature"):
        h = headers(case)
        del h[name]
        with pytest.raises(WebhookVerificationError, match="headers"):
            verify_webhook(case["payload"].encode(), h, case["secret"])


def test_one_of_several_signatures_may_match(now):
    case = CASES[0]
    now(case["timestamp"])
    rotated = f"v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= {case['signature']}"
    assert verify_webhook(case["payload"], headers(case, **{"webhook-signature": rotated}), case["secret"])


def test_a_verification_error_is_a_strata_error():
    assert issubclass(WebhookVerificationError, StrataError)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(b"{}", {}, "whsec_")
