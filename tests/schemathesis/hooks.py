"""Schemathesis hooks (SCHEMATHESIS_HOOKS=hooks, set by run.py): the bytes of a tus PATCH."""
from hypothesis import strategies as st

import schemathesis

# A chunk of a resumable upload (tus `PATCH`): any bytes, at most a few KiB per example.
schemathesis.openapi.media_type("application/offset+octet-stream", st.binary(max_size=4096))
