#!/usr/bin/env python3
"""Drives a running StytchSandbox with Stytch's official Python SDK (stytch 15.3.0).

Optional fidelity evidence, never a CI requirement: exits 0 with a SKIP line when the SDK is not
installed. Reads STYTCH_BASE_URL, STYTCH_PROJECT_ID, STYTCH_SECRET and the STYTCH_MANAGEMENT_*
variables of DESIGN §7 (plus STYTCH_PROJECT_SLUG / STYTCH_ENVIRONMENT_SLUG).

    pip install stytch==15.3.0
    python check_sdk.py            # against a sandbox whose variables are exported
"""
import asyncio
import hashlib
import os
import sys
import time
import uuid
import warnings

try:
    import requests
    from stytch import B2BClient
    from stytch.b2b.models.organizations_members import SearchRequestOptions, UpdateRequestOptions
    from stytch.b2b.models.sessions import AuthorizationCheck, RevokeRequestOptions
    from stytch.shared.method_options import Authorization
    from stytch.core.response_base import StytchError
except ImportError:
    print("SKIP: the stytch Python SDK is not installed (pip install stytch==15.3.0)")
    sys.exit(0)

BASE = os.environ["STYTCH_BASE_URL"]
PROJECT = os.environ["STYTCH_PROJECT_ID"]
SECRET = os.environ["STYTCH_SECRET"]
MGMT_BASE = os.environ.get("STYTCH_MANAGEMENT_BASE_URL", BASE)
MGMT = (os.environ.get("STYTCH_MANAGEMENT_KEY_ID", ""), os.environ.get("STYTCH_MANAGEMENT_SECRET", ""))
ENV_PATH = "pwa/v3/projects/{}/environments/{}".format(
    os.environ.get("STYTCH_PROJECT_SLUG", ""), os.environ.get("STYTCH_ENVIRONMENT_SLUG", ""))

results = []


def check(name):
    def run(fn):
        try:
            fn()
            results.append((name, True, ""))
            print("PASS", name)
        except Exception as error:  # noqa: BLE001 - every failure is reported, not raised
            results.append((name, False, repr(error)))
            print("FAIL", name, "-", repr(error))
        return fn
    return run


def expect_error(fn, status, error_type):
    try:
        fn()
    except StytchError as error:
        details = error.details
        assert details.status_code == status, (details.status_code, status, details)
        assert details.error_type == error_type, (details.error_type, error_type)
        assert details.request_id.startswith("request-id-test-"), details.request_id
        assert details.error_message and details.error_message != "An unknown error occurred", details
        assert details.error_url, details
        return details
    raise AssertionError("expected {} {}".format(status, error_type))


with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    client = B2BClient(PROJECT, SECRET, environment=BASE)

suffix = uuid.uuid4().hex[:8]
state = {}


@check("organizations.create with defaults (email_invites ALL_ALLOWED)")
def _():
    resp = client.organizations.create(organization_name="SDK Org " + suffix, organization_slug="sdk-" + suffix,
                                       organization_external_id="ext-" + suffix,
                                       trusted_metadata={"plumbline": {"managed": True}})
    org = resp.organization
    assert resp.status_code == 200 and resp.request_id
    assert org.organization_id.startswith("organization-test-")
    assert org.email_invites == "ALL_ALLOWED", org.email_invites
    assert org.auth_methods == "ALL_ALLOWED" and org.mfa_policy == "OPTIONAL"
    assert org.created_at is not None
    state["org"] = org


@check("organizations.create with an auth setting (email_invites NOT_ALLOWED)")
def _():
    resp = client.organizations.create(organization_name="Second " + suffix, organization_slug="sdk2-" + suffix,
                                       email_allowed_domains=["sdk2-{}.example.org".format(suffix)])
    assert resp.organization.email_invites == "NOT_ALLOWED"
    state["org2"] = resp.organization


@check("duplicate slug, bad slug, common domain, RESTRICTED errors")
def _():
    expect_error(lambda: client.organizations.create(organization_name="Dup", organization_slug="sdk-" + suffix),
                 400, "organization_slug_already_used")
    expect_error(lambda: client.organizations.create(organization_name="Bad", organization_slug="a"),
                 400, "invalid_organization_slug")
    expect_error(lambda: client.organizations.create(organization_name="Gm", email_allowed_domains=["gmail.com"]),
                 400, "organization_settings_domain_too_common")
    expect_error(lambda: client.organizations.create(organization_name="R", auth_methods="RESTRICTED"),
                 400, "allowed_auth_methods_required_for_restricted")


@check("organizations.get by id, slug and external id; unknown id")
def _():
    org = state["org"]
    for ref in [org.organization_id, org.organization_slug, "ext-" + suffix]:
        assert client.organizations.get(organization_id=ref).organization.organization_id == org.organization_id
    expect_error(lambda: client.organizations.get(organization_id="organization-test-" + str(uuid.uuid4())),
                 404, "organization_not_found")


@check("organizations.update partial with metadata merge and null delete")
def _():
    org = state["org"]
    client.organizations.update(organization_id=org.organization_id, trusted_metadata={"tier": "gold", "x": 1})
    resp = client.organizations.update(organization_id=org.organization_slug, trusted_metadata={"x": None},
                                       email_allowed_domains=["sdk-{}.example.org".format(suffix)])
    updated = resp.organization
    assert updated.organization_name == org.organization_name
    assert updated.trusted_metadata == {"plumbline": {"managed": True}, "tier": "gold"}, updated.trusted_metadata
    assert updated.email_allowed_domains == ["sdk-{}.example.org".format(suffix)]


@check("organizations.search with query, paging and total")
def _():
    query = {"operator": "AND", "operands": [{"filter_name": "organization_slug_fuzzy", "filter_value": suffix}]}
    first = client.organizations.search(query=query, limit=1)
    assert first.results_metadata.total == 2, first.results_metadata
    assert first.results_metadata.next_cursor
    second = client.organizations.search(query=query, limit=1, cursor=first.results_metadata.next_cursor)
    assert second.results_metadata.next_cursor is None
    ids = {first.organizations[0].organization_id, second.organizations[0].organization_id}
    assert ids == {state["org"].organization_id, state["org2"].organization_id}
    expect_error(lambda: client.organizations.search(
        query={"operator": "AND", "operands": [{"filter_name": "organization_name_fuzzy", "filter_value": "ab"}]}),
        400, "organization_search_organization_name_fuzzy_too_short")


@check("members.create, get by id / external id / email with +, duplicate email")
def _():
    org = state["org"]
    email = "alice+{}@sdk-{}.example.org".format(suffix, suffix)
    resp = client.organizations.members.create(organization_id=org.organization_id, email_address=email,
                                               name="Alice", roles=["clinician"], external_id="alice-" + suffix)
    member = resp.member
    assert member.member_id.startswith("member-test-") and member.status == "active"
    assert member.mfa_phone_number == "" and member.member_password_id == ""
    assert [r.role_id for r in member.roles if any(s.type == "direct_assignment" for s in r.sources)] == \
        ["stytch_member", "clinician"], member.roles
    for kwargs in [{"member_id": member.member_id}, {"member_id": "alice-" + suffix}, {"email_address": email}]:
        got = client.organizations.members.get(organization_id=org.organization_slug, **kwargs)
        assert got.member.member_id == member.member_id
    expect_error(lambda: client.organizations.members.create(organization_id=org.organization_id,
                                                             email_address=email), 400, "duplicate_member_email")
    expect_error(lambda: client.organizations.members.get(organization_id=org.organization_id,
                                                          member_id="member-test-" + str(uuid.uuid4())),
                 404, "member_not_found")
    state["alice"] = member


@check("members.update: roles replace explicit roles, implicit email roles computed, is_admin")
def _():
    org = state["org"]
    client.organizations.update(organization_id=org.organization_id, rbac_email_implicit_role_assignments=[
        {"domain": "sdk-{}.example.org".format(suffix), "role_id": "auditor"}])
    resp = client.organizations.members.update(organization_id=org.organization_id,
                                               member_id=state["alice"].member_id, roles=["nurse", "stytch_admin"])
    roles = {r.role_id: [s.type for s in r.sources] for r in resp.member.roles}
    assert roles.get("nurse") == ["direct_assignment"] and "clinician" not in roles, roles
    assert roles.get("auditor") == ["email_assignment"], roles
    assert resp.member.is_admin is True


@check("members.search across organizations with the organizations map and paging")
def _():
    org2 = state["org2"]
    for i in range(3):
        client.organizations.members.create(organization_id=org2.organization_id,
                                            email_address="m{}-{}@sdk2-{}.example.org".format(i, suffix, suffix))
    ids = [state["org"].organization_id, org2.organization_id]
    page = client.organizations.members.search(organization_ids=ids, limit=2)
    assert page.results_metadata.total == 4, page.results_metadata
    seen = [m.member_id for m in page.members]
    while page.results_metadata.next_cursor:
        page = client.organizations.members.search(organization_ids=ids, limit=2,
                                                   cursor=page.results_metadata.next_cursor)
        seen += [m.member_id for m in page.members]
    assert len(seen) == 4 and len(set(seen)) == 4
    assert set(page.organizations.keys()) <= set(ids)
    expect_error(lambda: client.organizations.members.search(organization_ids=[]), 400,
                 "member_search_organization_ids_empty")


@check("rbac.policy and organization policies with validation")
def _():
    policy = client.rbac.policy().policy
    assert policy is not None
    role_ids = [r.role_id for r in policy.roles]
    for role in ["stytch_member", "stytch_admin", "clinician", "nurse", "front-desk", "auditor"]:
        assert role in role_ids, role_ids
    assert "stytch.member" in [r.resource_id for r in policy.resources]
    org_policy = {"roles": [{"role_id": "org-reviewer", "description": "Reviews",
                             "permissions": [{"resource_id": "patient-records", "actions": ["read"]}]}]}
    resp = client.rbac.organizations.set_org_policy(organization_id=state["org"].organization_id,
                                                    org_policy=org_policy)
    assert [r.role_id for r in resp.org_policy.roles] == ["org-reviewer"]
    got = client.rbac.organizations.get_org_policy(organization_id=state["org"].organization_id)
    assert [r.role_id for r in got.org_policy.roles] == ["org-reviewer"]
    expect_error(lambda: client.rbac.organizations.set_org_policy(
        organization_id=state["org"].organization_id,
        org_policy={"roles": [{"role_id": "x", "description": "", "permissions": [
            {"resource_id": "patient-records", "actions": ["*", "read"]}]}]}), 400, "invalid_wildcard_action")


@check("passwords.migrate md_5 / sha_1 / sha_512 with salts, member_created")
def _():
    org = state["org"]
    md5 = hashlib.md5(("pre" + "pw-md5" + "post").encode()).hexdigest()
    resp = client.passwords.migrate(email_address="bob-{}@sdk-{}.example.org".format(suffix, suffix), hash=md5,
                                    hash_type="md_5", organization_id=org.organization_id,
                                    md_5_config={"prepend_salt": "pre", "append_salt": "post"},
                                    name="Bob", roles=["clinician"])
    assert resp.member_created is True and resp.member.email_address_verified is True
    assert resp.member.member_password_id.startswith("member-password-test-")
    state["bob"] = resp.member
    sha1 = hashlib.sha1("pw-sha1".encode()).hexdigest()
    resp = client.passwords.migrate(email_address=state["alice"].email_address, hash=sha1, hash_type="sha_1",
                                    organization_id=org.organization_id)
    assert resp.member_created is False and resp.member_id == state["alice"].member_id
    sha512 = hashlib.sha512(("s" + "pw-sha512").encode()).hexdigest()
    resp = client.passwords.migrate(email_address="carol-{}@sdk-{}.example.org".format(suffix, suffix),
                                    hash=sha512, hash_type="sha_512", organization_id=org.organization_slug,
                                    sha_512_config={"prepend_salt": "s"})
    assert resp.member_created is True
    state["carol"] = resp.member
    expect_error(lambda: client.passwords.migrate(email_address=state["alice"].email_address, hash=sha1,
                                                  hash_type="sha_1", organization_id=org.organization_id),
                 400, "password_already_exists")
    expect_error(lambda: client.passwords.migrate(email_address="d@sdk-{}.example.org".format(suffix), hash="zz",
                                                  hash_type="md_5", organization_id=org.organization_id),
                 400, "invalid_md_5_hash")


@check("passwords.authenticate creates a real 60-minute session; wrong password; unknown member")
def _():
    org = state["org"]
    resp = client.passwords.authenticate(organization_id=org.organization_id,
                                         email_address=state["bob"].email_address, password="pw-md5")
    assert resp.member_authenticated is True and resp.intermediate_session_token == ""
    assert resp.session_token and resp.session_jwt and resp.member_session is not None
    session = resp.member_session
    minutes = (session.expires_at - session.started_at).total_seconds() / 60
    assert abs(minutes - 60) < 1, minutes
    assert session.organization_slug == org.organization_slug
    assert "clinician" in session.roles and session.authentication_factors[0].type == "password"
    state["bob_session"] = resp
    resp2 = client.passwords.authenticate(organization_id=org.organization_id,
                                          email_address=state["carol"].email_address, password="pw-sha512",
                                          session_duration_minutes=30)
    state["carol_session"] = resp2
    client.passwords.authenticate(organization_id=org.organization_id, email_address=state["alice"].email_address,
                                  password="pw-sha1")
    expect_error(lambda: client.passwords.authenticate(organization_id=org.organization_id,
                                                       email_address=state["bob"].email_address, password="nope"),
                 401, "unauthorized_credentials")
    expect_error(lambda: client.passwords.authenticate(organization_id=org.organization_id,
                                                       email_address="nobody@x.example.org", password="x"),
                 404, "member_not_found")


@check("sessions.get lists active sessions; authenticate by token and JWT; authorization_check")
def _():
    org = state["org"]
    listed = client.sessions.get(organization_id=org.organization_id, member_id=state["bob"].member_id)
    assert len(listed.member_sessions) == 1 and listed.member_sessions[0].organization_slug == org.organization_slug
    token = state["bob_session"].session_token
    auth = client.sessions.authenticate(session_token=token, authorization_check={
        "organization_id": org.organization_id, "resource_id": "patient-records", "action": "create"})
    assert auth.verdict.authorized is True and auth.verdict.granting_roles == ["clinician"], auth.verdict
    auth = client.sessions.authenticate(session_jwt=state["bob_session"].session_jwt, session_duration_minutes=120)
    assert auth.member_session.member_session_id == state["bob_session"].member_session.member_session_id
    expect_error(lambda: client.sessions.authenticate(session_token=token, authorization_check={
        "organization_id": org.organization_id, "resource_id": "patient-records", "action": "delete"}),
        403, "session_authorization_error")
    expect_error(lambda: client.sessions.authenticate(session_token=token, authorization_check={
        "organization_id": state["org2"].organization_id, "resource_id": "patient-records", "action": "read"}),
        403, "session_authorization_tenancy_error")
    expect_error(lambda: client.sessions.authenticate(session_token=token, session_duration_minutes=4),
                 400, "invalid_session_duration_minutes")


@check("session JWT verifies locally against the JWKS (RS256, claims of contract 6.6)")
def _():
    jwks = client.sessions.get_jwks(project_id=PROJECT)
    assert jwks.keys[0].alg == "RS256" and jwks.keys[0].x5c
    session = client.sessions.authenticate_jwt_local(session_jwt=state["bob_session"].session_jwt)
    assert session is not None, "local verification failed"
    assert session.member_id == state["bob"].member_id
    assert session.organization_slug == state["org"].organization_slug
    # Local authorization uses the policy the SDK caches from rbac.policy and get_org_policy.
    check_model = AuthorizationCheck(organization_id=state["org"].organization_id, resource_id="panels",
                                     action="view")
    resp = client.sessions.authenticate_jwt(session_jwt=state["bob_session"].session_jwt,
                                            authorization_check=check_model)
    assert resp.member_session.member_id == state["bob"].member_id


@check("member-session RBAC through method_options (X-Stytch-Member-Session headers)")
def _():
    org = state["org"]
    carol = state["carol_session"]  # stytch_member, plus auditor through the org's e-mail-domain rule
    as_carol = Authorization(session_token=carol.session_token)
    renamed = client.organizations.members.update(
        organization_id=org.organization_id, member_id=state["carol"].member_id, name="Carol",
        method_options=UpdateRequestOptions(authorization=as_carol))
    assert renamed.member.name == "Carol"
    expect_error(lambda: client.organizations.members.update(
        organization_id=org.organization_id, member_id=state["alice"].member_id, name="Not Alice",
        method_options=UpdateRequestOptions(authorization=as_carol)), 403, "session_authorization_error")
    found = client.organizations.members.search(
        organization_ids=[org.organization_id],
        method_options=SearchRequestOptions(authorization=Authorization(session_jwt=carol.session_jwt)))
    assert found.results_metadata.total >= 1
    expect_error(lambda: client.organizations.members.search(
        organization_ids=[org.organization_id, state["org2"].organization_id],
        method_options=SearchRequestOptions(authorization=as_carol)), 403, "session_authorization_tenancy_error")
    expect_error(lambda: client.sessions.revoke(
        member_id=state["bob"].member_id, method_options=RevokeRequestOptions(authorization=as_carol)),
        403, "session_authorization_error")


@check("smaller endpoints: external ids, retired e-mails, phone numbers, connected apps, oidc providers")
def _():
    org = state["org"]
    alice = state["alice"]
    resp = client.organizations.members.delete_external_id(organization_id=org.organization_id,
                                                            member_id=alice.member_id)
    assert resp.member.external_id in (None, "")
    moved = client.organizations.members.update(organization_id=org.organization_id, member_id=alice.member_id,
                                                email_address="alice.new-{}@sdk-{}.example.org".format(suffix, suffix))
    retired = moved.member.retired_email_addresses[0]
    unlinked = client.organizations.members.unlink_retired_email(organization_id=org.organization_id,
                                                                 member_id=alice.member_id,
                                                                 email_id=retired.email_id)
    assert unlinked.member.retired_email_addresses == [] and unlinked.organization_id == org.organization_id
    client.organizations.members.update(organization_id=org.organization_id, member_id=alice.member_id,
                                        mfa_phone_number="+12025550162")
    cleared = client.organizations.members.delete_mfa_phone_number(organization_id=org.organization_id,
                                                                   member_id=alice.member_id)
    assert cleared.member.mfa_phone_number == ""
    started = client.organizations.members.start_email_update(organization_id=org.organization_id,
                                                              member_id=alice.member_id,
                                                              email_address="alice3-{}@x.example.org".format(suffix))
    assert started.member.member_id == alice.member_id
    assert client.organizations.members.oidc_providers(organization_id=org.organization_id,
                                                       member_id=alice.member_id).registrations == []
    assert client.organizations.members.get_connected_apps(organization_id=org.organization_id,
                                                           member_id=alice.member_id).connected_apps == []
    assert client.organizations.connected_apps(organization_id=org.organization_id).connected_apps == []
    without = client.organizations.delete_external_id(organization_id=org.organization_id)
    assert without.organization.organization_external_id in (None, "")


@check("injected 429 and 503 parse as StytchError with Stytch's error types")
def _():
    for status, error_type in [(429, "too_many_requests"), (503, "server_unavailable")]:
        armed = requests.post(BASE + "_sandbox/faults",
                              json={"method": "GET", "pathPrefix": "/v1/b2b/rbac/", "count": 1, "status": status})
        assert armed.status_code == 200, armed.text
        expect_error(lambda: client.rbac.policy(), status, error_type)


@check("sessions.revoke by member_session_id, session_token, session_jwt and member_id")
def _():
    org = state["org"]
    carol = state["carol_session"]
    client.sessions.revoke(session_jwt=carol.session_jwt)
    expect_error(lambda: client.sessions.authenticate(session_token=carol.session_token), 404, "session_not_found")
    bob = state["bob_session"]
    client.sessions.revoke(member_session_id=bob.member_session.member_session_id)
    assert client.sessions.get(organization_id=org.organization_id,
                               member_id=state["bob"].member_id).member_sessions == []
    again = client.passwords.authenticate(organization_id=org.organization_id,
                                          email_address=state["bob"].email_address, password="pw-md5")
    client.sessions.revoke(session_token=again.session_token)
    for _ in range(2):
        client.passwords.authenticate(organization_id=org.organization_id,
                                      email_address=state["bob"].email_address, password="pw-md5")
    resp = client.sessions.revoke(member_id=state["bob"].member_id)
    assert resp.status_code == 200 and resp.request_id
    assert client.sessions.get(organization_id=org.organization_slug,
                               member_id=state["bob"].member_id).member_sessions == []


@check("members.delete soft-deletes; dangerously_get include_deleted=True; reactivate")
def _():
    org = state["org"]
    bob = state["bob"]
    resp = client.organizations.members.delete(organization_id=org.organization_id, member_id=bob.member_id)
    assert resp.member_id == bob.member_id
    expect_error(lambda: client.organizations.members.get(organization_id=org.organization_id,
                                                          member_id=bob.member_id), 404, "member_not_found")
    got = client.organizations.members.dangerously_get(member_id=bob.member_id, include_deleted=True)
    assert got.member.status == "deleted"
    deleted = client.organizations.members.search(organization_ids=[org.organization_id], query={
        "operator": "AND", "operands": [{"filter_name": "statuses", "filter_value": ["deleted"]}]})
    assert [m.member_id for m in deleted.members] == [bob.member_id]
    back = client.organizations.members.reactivate(organization_id=org.organization_id, member_id=bob.member_id)
    assert back.member.status == "active"
    expect_error(lambda: client.organizations.members.reactivate(organization_id=org.organization_id,
                                                                 member_id=bob.member_id),
                 400, "no_deleted_member_found_for_reactivation")


@check("organizations.metrics and delete cascading to members and sessions")
def _():
    org2 = state["org2"]
    assert client.organizations.metrics(organization_id=org2.organization_id).member_count == 3
    resp = client.organizations.delete(organization_id=org2.organization_slug)
    assert resp.organization_id == org2.organization_id
    expect_error(lambda: client.organizations.get(organization_id=org2.organization_id), 404,
                 "organization_not_found")


@check("async client (aiohttp) reads the same organization")
def _():
    async def run():
        async with B2BClient(PROJECT, SECRET, environment=BASE) as async_client:
            resp = await async_client.organizations.get_async(organization_id=state["org"].organization_id)
            return resp.organization.organization_slug
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert asyncio.run(run()) == state["org"].organization_slug


@check("wrong secret: 401 unauthorized_credentials parsed by the SDK")
def _():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bad = B2BClient(PROJECT, "secret-test-wrong", environment=BASE)
    expect_error(lambda: bad.organizations.get(organization_id=state["org"].organization_id), 401,
                 "unauthorized_credentials")


@check("Management API: SDK domains (sub-object replace) and RBAC policy (full replace)")
def _():
    if not MGMT[0]:
        raise AssertionError("STYTCH_MANAGEMENT_KEY_ID not set")
    url = MGMT_BASE + ENV_PATH
    body = {"config": {"basic": {"enabled": True, "domains": [
        {"domain": "https://panels.example.org", "slug_pattern": "https://{{slug}}.panels.example.org"}]}}}
    put = requests.put(url + "/sdk/b2b", json=body, auth=MGMT)
    assert put.status_code == 200, put.text
    got = requests.get(url + "/sdk/b2b", auth=MGMT).json()
    assert got["config"]["basic"]["domains"][0]["domain"] == "https://panels.example.org", got
    bad = requests.put(url + "/sdk/b2b", json={"config": {"basic": {"domains": [
        {"domain": "https://x.example.org", "slug_pattern": "https://x.example.org"}]}}}, auth=MGMT)
    assert bad.status_code == 400 and bad.json()["error_type"], bad.text
    assert requests.get(url + "/sdk/b2b", auth=(PROJECT, SECRET)).status_code == 401
    policy = requests.get(url + "/rbac_policy", auth=MGMT).json()["policy"]
    policy["custom_roles"] = policy["custom_roles"] + [{"role_id": "sdk-check-role", "description": "x",
                                                        "permissions": [{"resource_id": "panels",
                                                                         "actions": ["view"]}]}]
    put = requests.put(url + "/rbac_policy", json={k: v for k, v in policy.items() if k != "stytch_resources"},
                       auth=MGMT)
    assert put.status_code == 200, put.text
    assert "sdk-check-role" in [r.role_id for r in client.rbac.policy().policy.roles]


failed = [name for name, ok, _ in results if not ok]
print("{} passed, {} failed".format(len(results) - len(failed), len(failed)))
sys.exit(1 if failed else 0)
