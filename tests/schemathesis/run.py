"""Runs schemathesis against a real `dossier serve` (cargo xtask test).

Starts the server on a fresh SQLite database (rate limits off: every request comes from one
address), creates a staff account, files a real dossier with its attachments, starts a resumable
upload, logs in, then runs
`schemathesis run` with schemathesis.toml beside this file: every check but
positive_data_acceptance, warnings fatal. Logout is run on its own at the end (it ends the
session the others use). Exits with schemathesis' status.

Usage: python run.py PATH/TO/dossier
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import requests

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PASSWORD = "schemathesis password 2026"


class Client:
    """requests (a dependency of schemathesis) with a base URL."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def post(self, path: str, **kwargs):
        return self.session.post(self.base + path, timeout=30, **kwargs)


def main() -> int:
    binary = sys.argv[1]
    schemathesis = str(pathlib.Path(sys.executable).parent / "schemathesis")
    work = pathlib.Path(tempfile.mkdtemp(prefix="dossier-schemathesis-"))
    db = f"sqlite://{work / 'st.db'}"
    made = subprocess.run(
        [binary, "staff", "add", "--db", db, "--unit", "province:15", "--username", "schemathesis"],
        input=PASSWORD + "\n", text=True, capture_output=True)
    if made.returncode != 0:
        print(made.stderr, file=sys.stderr)
        return 2
    server = subprocess.Popen(
        [binary, "serve", "--addr", "127.0.0.1:0", "--db", db,
         "--limit-submissions-per-hour", "0", "--limit-uploads-per-hour", "0",
         "--limit-upload-bytes-per-hour", "0"],
        stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        base = re.search(r"serving on (http://[^/\s]+)", line).group(1)
        client = Client(base)
        # The NGO example, filed at province 15: the officer of province 15 sees it.
        dossier = json.loads((ROOT / "tests/conformance/examples/ngo_licence.json").read_text())
        pdf = client.post("/api/v1/attachments", data=b"%PDF-1.4\n% schemathesis\n%%EOF\n",
                          headers={"content-type": "application/pdf"}).json()
        jpeg = client.post("/api/v1/attachments", data=b"\xff\xd8\xff\xe0 schemathesis",
                           headers={"content-type": "image/jpeg"}).json()
        for doc in dossier["documents"]:
            doc["sha256"] = (jpeg if doc["mediaType"] == "image/jpeg" else pdf)["sha256"]
        receipt = client.post("/api/v1/dossiers", json=dossier,
                              headers={"idempotency-key": "schemathesis-dossier"})
        receipt.raise_for_status()
        receipt = receipt.json()
        # An unfinished resumable upload (tus) for the /api/v1/uploads/{upload} operations.
        created = client.post("/api/v1/uploads", headers={
            "tus-resumable": "1.0.0", "upload-length": "1000",
            "upload-metadata": "filename dGVzdC5wZGY=,filetype YXBwbGljYXRpb24vcGRm"})
        created.raise_for_status()
        upload = created.headers["location"].rstrip("/").rsplit("/", 1)[1]
        province = dossier["receivingUnit"]["provinceCode"]
        if province != 15:
            print(f"the example is filed at province {province}; run.py expects 15", file=sys.stderr)
            return 2

        def token() -> str:
            r = client.post("/api/v1/staff/login",
                            json={"username": "schemathesis", "password": PASSWORD})
            r.raise_for_status()
            return r.json()["token"]

        # Two sessions now: schemathesis' failed logins soon block this address.
        main_token, logout_token = token(), token()
        # The province decides the dossier (with a decision document), so that every citizen
        # route has data: the status, the result and its document.
        auth = {"authorization": f"Bearer {main_token}"}
        version = 0
        for action in ["precheck_ok", "forward"]:
            r = client.post(f"/api/v1/staff/dossiers/{receipt['id']}/actions", headers=auth,
                            json={"action": action, "version": version})
            r.raise_for_status()
            version = r.json()["version"]
        decided = client.post(f"/api/v1/staff/dossiers/{receipt['id']}/actions", headers=auth, json={
            "action": "decide", "version": version,
            "decision": {"result": "approved", "number": "1/QĐ-UBND", "date": "2026-12-01",
                         "signerOffice": "Chủ tịch UBND tỉnh", "documentSha256": pdf["sha256"]}})
        decided.raise_for_status()
        env = dict(os.environ,
                   DOSSIER_STAFF_TOKEN=main_token,
                   DOSSIER_CODE=receipt["code"],
                   DOSSIER_ID=receipt["id"],
                   DOSSIER_ACCESS_TOKEN=receipt["accessToken"],
                   DOSSIER_SHA256=pdf["sha256"],
                   DOSSIER_UPLOAD=upload,
                   SCHEMATHESIS_HOOKS="hooks",
                   PYTHONPATH=str(HERE))
        common = [schemathesis, "--config-file", str(HERE / "schemathesis.toml"), "run",
                  f"{base}/api/v1/openapi.json", "--checks", "all",
                  "--exclude-checks", "positive_data_acceptance", "--no-color",
                  "--seed", os.environ.get("SCHEMATHESIS_SEED", "20261123")]
        # In the work directory: schemathesis' caches stay out of the repository.
        main_run = subprocess.run(common + ["--exclude-path", "/api/v1/staff/logout"], env=env,
                                  cwd=work)
        env["DOSSIER_STAFF_TOKEN"] = logout_token
        logout = subprocess.run(common + ["--include-path", "/api/v1/staff/logout"], env=env,
                                cwd=work)
        return main_run.returncode or logout.returncode
    finally:
        server.terminate()
        server.wait(timeout=15)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
