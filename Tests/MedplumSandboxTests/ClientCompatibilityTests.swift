import Foundation
@testable import MedplumSandbox
import Testing

/// Optional check with a client written for the real Medplum (pymedplum). Runs only when
/// `PLUMBLINE_SANDBOX_PYTHON` names a Python interpreter that can `import pymedplum`; the script
/// is kept here as a string so the test target holds no non-Swift files.
@Suite("Client compatibility (optional)", .tags(.medium))
struct ClientCompatibilityTests {
    static var python: String? { ProcessInfo.processInfo.environment["PLUMBLINE_SANDBOX_PYTHON"] }

    @Test(.enabled(if: python != nil, "set PLUMBLINE_SANDBOX_PYTHON to a Python with pymedplum"))
    func pymedplumWorksUnchanged() async throws {
        let python = try #require(Self.python)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(MedplumID.generate())
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("pymedplum_check.py")
        let log = directory.appendingPathComponent("output.txt")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        try await withSandbox { _, sandbox in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script.path]
            var environment = ProcessInfo.processInfo.environment
            environment["MEDPLUM_BASE_URL"] = sandbox.baseURL
            environment["MEDPLUM_CLIENT_ID"] = sandbox.credentials.clientId
            environment["MEDPLUM_CLIENT_SECRET"] = sandbox.credentials.clientSecret
            environment["MEDPLUM_PROJECT_ID"] = sandbox.credentials.projectId
            process.environment = environment
            let output = try FileHandle(forWritingTo: log)
            process.standardOutput = output
            process.standardError = output
            try process.run()
            // The sandbox answers on other threads while this one waits for the script.
            while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 0, "\(text)")
        }
    }

    static let script = #"""
"""Drives a running MedplumSandbox with pymedplum, a client written for the real Medplum.

Optional: run by ClientCompatibilityTests only when PLUMBLINE_SANDBOX_PYTHON names a Python
that has `pymedplum` installed. Reads MEDPLUM_BASE_URL, MEDPLUM_CLIENT_ID,
MEDPLUM_CLIENT_SECRET and MEDPLUM_PROJECT_ID. Exits non-zero on the first failed check.
"""

import os
import sys

import httpx
from pymedplum import MedplumClient

base = os.environ["MEDPLUM_BASE_URL"]
project = os.environ["MEDPLUM_PROJECT_ID"]
client = MedplumClient(
    base_url=base,
    client_id=os.environ["MEDPLUM_CLIENT_ID"],
    client_secret=os.environ["MEDPLUM_CLIENT_SECRET"],
    allow_insecure_http=True,
)


def check(condition, message):
    if not condition:
        print("FAILED:", message, file=sys.stderr)
        sys.exit(1)


# Authenticate and create.
created = client.create_resource({"resourceType": "Patient", "name": [{"given": ["Ada"], "family": "Lovelace"}]})
check(created["id"] and created["meta"]["versionId"], "create returns id and versionId")

# Search with paging: 45 policies, pages of 20 following `next`.
for index in range(45):
    client.create_resource({"resourceType": "AccessPolicy", "name": f"pymedplum-{index:02d}"})
names = [p["name"] for p in client.search_resource_pages("AccessPolicy", {"name": "pymedplum-", "_count": "20"})]
check(len(names) == 45 and len(set(names)) == 45, f"paging yields every policy once, got {len(names)}")
cursor_names = [
    p["name"]
    for p in client.search_resource_pages("AccessPolicy", {"name": "pymedplum-", "_count": "20", "_sort": "_lastUpdated"})
]
check(cursor_names == sorted(cursor_names), "cursor paging in _lastUpdated order")

# Update with If-Match (auto-attached from meta.versionId), then a stale one.
policy = client.search_one("AccessPolicy", {"name:exact": "pymedplum-00"})
policy["resource"] = [{"resourceType": "Patient"}]
updated = client.update_resource(policy)
check(updated["meta"]["versionId"] != policy["meta"]["versionId"], "update makes a new version")
try:
    client.update_resource(policy)  # still carries the old versionId
    check(False, "stale If-Match must fail")
except Exception as error:  # noqa: BLE001 - any client error type is fine, the status matters
    check("412" in str(error) or "Precondition" in str(error), f"stale If-Match → 412, got {error!r}")

# Invite a practitioner.
membership = client.invite_user(
    project_id=project,
    resource_type="Practitioner",
    first_name="Grace",
    last_name="Hopper",
    email="grace@example.org",
    send_email=False,
)
check(membership["resourceType"] == "ProjectMembership", "invite returns the membership")
found = client.search_one("ProjectMembership", {"user": membership["user"]["reference"]})
check(found and found["id"] == membership["id"], "membership found by user")
as_member = client.search_resources("Patient", {"_count": "1"}, on_behalf_of=f"ProjectMembership/{membership['id']}")
check(as_member["resourceType"] == "Bundle", "on-behalf-of search works")

# Read, patch, conditional create, delete.
read = client.read_resource("Patient", created["id"])
check(read["name"][0]["family"] == "Lovelace", "read returns the resource")
patched = client.patch_resource("Patient", created["id"], [{"op": "add", "path": "/active", "value": True}])
check(patched["active"] is True, "patch applies")
first = client.create_resource_if_none_exist(
    {"resourceType": "Practitioner", "identifier": [{"system": "urn:pymedplum", "value": "1"}]}, "identifier=urn:pymedplum|1")
second = client.create_resource_if_none_exist(
    {"resourceType": "Practitioner", "identifier": [{"system": "urn:pymedplum", "value": "1"}]}, "identifier=urn:pymedplum|1")
check(first["id"] == second["id"], "conditional create returns the existing resource")
client.delete_resource("Patient", created["id"])
try:
    client.read_resource("Patient", created["id"])
    check(False, "a deleted resource must not read")
except Exception as error:  # noqa: BLE001
    check("410" in str(error) or "Gone" in str(error) or "deleted" in str(error).lower(), f"deleted → 410, got {error!r}")

# A batch.
batch = client.execute_batch(
    {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            {"fullUrl": "urn:uuid:1f4c9b1e-0c43-4a4d-9d5e-3f1f4b0f0a11", "request": {"method": "POST", "url": "Patient"},
             "resource": {"resourceType": "Patient", "name": [{"family": "Batch"}]}},
            {"request": {"method": "GET", "url": "AccessPolicy?name:exact=pymedplum-01"}},
        ],
    }
)
statuses = [entry["response"]["status"] for entry in batch["entry"]]
check(statuses == ["201", "200"], f"batch statuses {statuses}")

# CORS as a browser would see it.
preflight = httpx.request(
    "OPTIONS",
    base + "fhir/R4/Patient",
    headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "GET",
             "Access-Control-Request-Headers": "authorization"},
)
check(preflight.status_code == 204, "preflight 204")
check(preflight.headers.get("access-control-allow-origin") == "http://localhost:3000", "origin echoed")
check(preflight.headers.get("access-control-allow-methods") == "GET,HEAD,PUT,PATCH,POST,DELETE", "methods")
check(preflight.headers.get("access-control-allow-headers") == "authorization", "reflected headers")

print("pymedplum: all checks passed")
"""#
}
