"""Key policies and grants through boto3 against `envelope serve`.

Run by Boto3PolicyTest in an isolated environment: the endpoint and three access keys come from ENVELOPE_*
variables, nothing from the user's AWS configuration. Each step's outcome ("ok", an AWS error code, or a short
word for a wrong answer) is printed as one JSON object on standard output; the Java test holds the expected
outcomes.
"""
import json
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["ENVELOPE_ENDPOINT"]
ADMIN = "arn:aws:iam::111122223333:user/admin"
APP = "arn:aws:iam::111122223333:role/app"
BOB = "arn:aws:iam::111122223333:user/bob"
SECRET = b"attack at dawn"


def client(who):
    return boto3.client(
        "kms",
        endpoint_url=ENDPOINT,
        region_name="us-east-1",
        aws_access_key_id=os.environ["ENVELOPE_" + who + "_ID"],
        aws_secret_access_key=os.environ["ENVELOPE_" + who + "_SECRET"],
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=20),
    )


def policy(deny_app):
    statements = [
        {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": ADMIN}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "AppDecryptsTenant42", "Effect": "Allow", "Principal": {"AWS": APP}, "Action": "kms:Decrypt",
         "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:tenant": "42"}}},
    ]
    if deny_app:
        statements.append({"Sid": "NotTheApp", "Effect": "Deny", "Principal": {"AWS": APP}, "Action": "kms:*",
                           "Resource": "*"})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


results = {}


def step(name, call, check=None):
    """Runs call; records "ok", the AWS error code, or what check() says is wrong."""
    try:
        answer = call()
    except ClientError as e:
        results[name] = e.response["Error"]["Code"]
        results[name + ".message"] = e.response["Error"].get("Message", "")
        return None
    results[name] = "ok" if check is None else check(answer)
    return answer


admin, app, bob = client("ADMIN"), client("APP"), client("BOB")

key_id = step("create-key", lambda: admin.create_key(Description="tenant data"))["KeyMetadata"]["KeyId"]
step("put-policy", lambda: admin.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy(False)))
step("get-policy", lambda: admin.get_key_policy(KeyId=key_id, PolicyName="default"),
     lambda r: "ok" if r["Policy"] == policy(False) else "different")


def encrypt(tenant):
    return admin.encrypt(KeyId=key_id, Plaintext=SECRET,
                         EncryptionContext={"tenant": tenant})["CiphertextBlob"]


blob42, blob43 = encrypt("42"), encrypt("43")


def plaintext_is_secret(r):
    return "ok" if r["Plaintext"] == SECRET else "wrong-plaintext"


# the role decrypts tenant 42 and nothing else
step("app-decrypt-42", lambda: app.decrypt(CiphertextBlob=blob42, EncryptionContext={"tenant": "42"}),
     plaintext_is_secret)
step("app-decrypt-43", lambda: app.decrypt(CiphertextBlob=blob43, EncryptionContext={"tenant": "43"}))
step("app-encrypt", lambda: app.encrypt(KeyId=key_id, Plaintext=SECRET, EncryptionContext={"tenant": "42"}))

# the lockout check: a policy without the admin is refused, and nothing changes
step("lockout", lambda: admin.put_key_policy(KeyId=key_id, PolicyName="default",
                                             Policy=policy(False).replace("user/admin", "user/nobody")))
step("policy-unchanged", lambda: admin.get_key_policy(KeyId=key_id, PolicyName="default"),
     lambda r: "ok" if r["Policy"] == policy(False) else "changed")

# a grant to bob for tenant 43 (EncryptionContextSubset), with and without its token, retired, revoked
grant = step("create-grant", lambda: admin.create_grant(
    KeyId=key_id, GranteePrincipal=BOB, RetiringPrincipal=ADMIN, Operations=["Decrypt"],
    Constraints={"EncryptionContextSubset": {"tenant": "43"}}))
token = grant["GrantToken"]
step("bob-decrypt-43-token", lambda: bob.decrypt(CiphertextBlob=blob43, EncryptionContext={"tenant": "43"},
                                                 GrantTokens=[token]), plaintext_is_secret)
step("bob-decrypt-43", lambda: bob.decrypt(CiphertextBlob=blob43, EncryptionContext={"tenant": "43"}),
     plaintext_is_secret)
step("bob-decrypt-42-token", lambda: bob.decrypt(CiphertextBlob=blob42, EncryptionContext={"tenant": "42"},
                                                 GrantTokens=[token]))
step("bob-forged-token", lambda: bob.decrypt(CiphertextBlob=blob43, EncryptionContext={"tenant": "43"},
                                             GrantTokens=["not-a-token-of-ours"]))
step("list-grants", lambda: admin.list_grants(KeyId=key_id),
     lambda r: "ok" if len(r["Grants"]) == 1 and r["Grants"][0]["GranteePrincipal"] == BOB
     and r["Grants"][0]["Constraints"] == {"EncryptionContextSubset": {"tenant": "43"}} else "unexpected")
step("bob-retires", lambda: bob.retire_grant(GrantToken=token))
step("admin-retires", lambda: admin.retire_grant(GrantToken=token))
step("bob-after-retire", lambda: bob.decrypt(CiphertextBlob=blob43, EncryptionContext={"tenant": "43"},
                                             GrantTokens=[token]))
second = step("second-grant", lambda: admin.create_grant(KeyId=key_id, GranteePrincipal=BOB,
                                                         Operations=["Decrypt"]))
step("bob-second-grant", lambda: bob.decrypt(CiphertextBlob=blob42, EncryptionContext={"tenant": "42"}),
     plaintext_is_secret)
step("revoke", lambda: admin.revoke_grant(KeyId=key_id, GrantId=second["GrantId"]))
step("bob-after-revoke", lambda: bob.decrypt(CiphertextBlob=blob42, EncryptionContext={"tenant": "42"},
                                             GrantTokens=[second["GrantToken"]]))
step("no-grants-left", lambda: admin.list_grants(KeyId=key_id),
     lambda r: "ok" if r["Grants"] == [] else "grants-left")
step("both-constraints", lambda: admin.create_grant(
    KeyId=key_id, GranteePrincipal=BOB, Operations=["Decrypt"],
    Constraints={"EncryptionContextSubset": {"tenant": "43"}, "EncryptionContextEquals": {"tenant": "43"}}))

# an explicit Deny overrides the Allow
step("put-deny", lambda: admin.put_key_policy(KeyId=key_id, PolicyName="default", Policy=policy(True)))
step("app-denied", lambda: app.decrypt(CiphertextBlob=blob42, EncryptionContext={"tenant": "42"}))

json.dump(results, sys.stdout)
