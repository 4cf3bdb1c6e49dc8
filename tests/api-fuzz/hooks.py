"""Schemathesis hooks for tests/api-fuzz.test.ts (loaded through SCHEMATHESIS_HOOKS).

The contract can say an upload is a non-empty image but not that it shows a face, which the
analysis needs: the uploads get a real test photo (SHINE_FUZZ_PHOTO) in place of the generated
bytes, so schema-valid requests are judged on everything else they carry.
"""
import base64
import os

import schemathesis

UPLOAD_PATHS = {"/v1/analyses", "/api/v2/analyze/guest"}

with open(os.environ["SHINE_FUZZ_PHOTO"], "rb") as photo_file:
    PHOTO = photo_file.read()


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if case.operation.path not in UPLOAD_PATHS:
        return
    # Invalid cases stay as generated: their image (or its absence) may be what makes them invalid.
    if case.meta is not None and str(case.meta.generation.mode.value) == "negative":
        return
    if isinstance(case.body, dict) and isinstance(case.body.get("image"), (bytes, str)) and len(case.body["image"]) > 0:
        # JSON carries bytes in base64 (proto3 JSON); a multipart part carries them as they are.
        json_body = (case.media_type or "").endswith("json")
        case.body["image"] = base64.b64encode(PHOTO).decode() if json_body else PHOTO
    elif (case.media_type or "").startswith("image/") and case.body is not None and not isinstance(case.body, dict):
        case.body = PHOTO
