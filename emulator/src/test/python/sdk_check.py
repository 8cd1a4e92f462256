"""Drives the emulator with Microsoft's Python SDK for Microsoft.Security, unchanged.

Every JIT operation goes through the SDK's own pipeline (bearer token, ARM error handling, paging
by nextLink, HTTPS with the emulator's CA) as it would against management.azure.com. What the SDK
parsed is printed as one JSON document for the calling test to check.

    python sdk_check.py <base-url> <ca-file> <subscription> <resource-group> <location> <vm-id>
"""

import base64
import datetime
import json
import sys
import time

from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.security import SecurityCenter
from azure.mgmt.security.v2020_01_01 import models


class FixedToken:
    """A credential that hands out one unsigned JWT naming a user; the emulator checks no
    signature but records the user as the requestor, as Azure does."""

    def get_token(self, *scopes, **kwargs):
        def part(value):
            return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

        claims = {"upn": "sdk-check@example.com", "aud": scopes[0] if scopes else ""}
        token = part({"alg": "none", "typ": "JWT"}) + "." + part(claims) + "."
        return AccessToken(token, int(time.time()) + 3600)


def policy(vm_id, port, longest="PT3H"):
    rule = models.JitNetworkAccessPortRule(
        number=port,
        protocol="TCP",
        allowed_source_address_prefixes=["10.0.0.0/24"],
        max_request_access_duration=longest,
    )
    return models.JitNetworkAccessPolicy(
        kind="Basic",
        virtual_machines=[models.JitNetworkAccessPolicyVirtualMachine(id=vm_id, ports=[rule])],
    )


def refusal(call):
    try:
        call()
    except ResourceNotFoundError as e:
        return {"type": "ResourceNotFoundError", "status": e.status_code, "code": e.error.code}
    except HttpResponseError as e:
        return {"type": "HttpResponseError", "status": e.status_code, "code": e.error.code,
                "message": e.error.message}
    return {"type": "none"}


def main(base_url, ca_file, subscription, group, location, vm_id):
    client = SecurityCenter(
        FixedToken(), subscription, base_url=base_url, connection_verify=ca_file)
    jit = client.jit_network_access_policies
    report = {}

    created = jit.create_or_update(group, location, "default", policy(vm_id, 22))
    report["created"] = {"name": created.name, "id": created.id, "kind": created.kind,
                         "location": created.location,
                         "provisioningState": created.provisioning_state}
    for name in ("second", "third"):
        jit.create_or_update(group, location, name, policy(vm_id, 2000 + len(name)))

    fetched = jit.get(group, location, "default")
    report["fetched"] = [{"id": vm.id, "ports": [p.number for p in vm.ports]}
                         for vm in fetched.virtual_machines]

    report["lists"] = {
        "subscription": sorted(p.name for p in jit.list()),
        "region": sorted(p.name for p in jit.list_by_region(location)),
        "resourceGroup": sorted(p.name for p in jit.list_by_resource_group(group)),
        "resourceGroupAndRegion": sorted(
            p.name for p in jit.list_by_resource_group_and_region(group, location)),
    }

    end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
    opened = jit.initiate(group, location, "default", models.JitNetworkAccessPolicyInitiateRequest(
        virtual_machines=[models.JitNetworkAccessPolicyInitiateVirtualMachine(
            id=vm_id,
            ports=[models.JitNetworkAccessPolicyInitiatePort(
                number=22, allowed_source_address_prefix="10.0.0.17", end_time_utc=end)])],
        justification="sdk check"))
    report["initiated"] = {
        "justification": opened.justification,
        "ports": [{"number": p.number, "status": p.status, "source": p.allowed_source_address_prefix}
                  for vm in opened.virtual_machines for p in vm.ports],
    }

    history = jit.get(group, location, "default").requests
    report["history"] = [{"justification": r.justification, "requestor": r.requestor,
                          "ports": [p.status for vm in r.virtual_machines for p in vm.ports]}
                         for r in history]

    report["absent"] = refusal(lambda: jit.get(group, location, "missing"))
    report["invalid"] = refusal(
        lambda: jit.create_or_update(group, location, "bad", policy(vm_id, 22, "PT25H")))

    jit.delete(group, location, "third")
    report["afterDelete"] = refusal(lambda: jit.get(group, location, "third"))

    print(json.dumps(report, indent=2, sort_keys=True))


if __name__ == "__main__":
    main(*sys.argv[1:])
