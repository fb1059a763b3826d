package org.envelopejca.kms.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds audit events in the CloudTrail record shape KMS events have: eventVersion, userIdentity, eventTime,
 * eventSource {@code kms.amazonaws.com}, eventName (the KMS operation), awsRegion, sourceIPAddress, userAgent,
 * errorCode/errorMessage (failures only), requestParameters, responseElements, requestID, eventID, readOnly,
 * resources, eventType ({@code AwsApiCall}, or {@code AwsServiceEvent} for what the service does by itself),
 * managementEvent, recipientAccountId, eventCategory. Request parameters hold identifiers, sizes, algorithms and
 * encryption contexts (which KMS logs, and which are not secret), never plaintext, ciphertext or key material.
 */
final class AuditEvents {
    static final String EVENT_VERSION = "1.11";
    static final String EVENT_SOURCE = "kms.amazonaws.com";

    private final String region;
    private final String account;

    AuditEvents(String region, String account) {
        this.region = region;
        this.account = account;
    }

    /** What one API call collects while it runs. */
    static final class Call {
        final String operation;
        final boolean readOnly;
        final ObjectNode requestParameters = Json.MAPPER.createObjectNode();
        ObjectNode responseElements;
        final Set<String> resources = new LinkedHashSet<>();
        ObjectNode authorization;

        Call(String operation, boolean readOnly) {
            this.operation = operation;
            this.readOnly = readOnly;
        }

        Call param(String name, String value) {
            if (value != null) {
                requestParameters.put(name, value);
            }
            return this;
        }

        Call param(String name, long value) {
            requestParameters.put(name, value);
            return this;
        }

        Call param(String name, boolean value) {
            requestParameters.put(name, value);
            return this;
        }

        Call context(String name, Map<String, String> context) {
            if (context != null && !context.isEmpty()) {
                ObjectNode node = requestParameters.putObject(name);
                context.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> node.put(e.getKey(), e.getValue()));
            }
            return this;
        }

        ObjectNode response() {
            if (responseElements == null) {
                responseElements = Json.MAPPER.createObjectNode();
            }
            return responseElements;
        }

        void resource(String keyArn) {
            resources.add(keyArn);
        }

        /** What the authorization of one action decided, and which statement or grant decided it. */
        void authorization(String action, String resource, String outcome, String source, String decidedBy) {
            if (authorization == null) {
                authorization = Json.MAPPER.createObjectNode();
            }
            ObjectNode a = authorization.putObject(action);
            a.put("resource", resource).put("decision", outcome).put("decidedBy", source);
            if (decidedBy != null) {
                a.put("id", decidedBy);
            }
        }
    }

    ObjectNode apiCall(Call call, Caller caller, Instant time, String errorCode, String errorMessage) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("eventVersion", EVENT_VERSION);
        ObjectNode identity = e.putObject("userIdentity");
        identity.put("type", "IAMUser");
        identity.put("principalId", caller.principalId());
        // the IAM principal policies saw, when the caller names one; else the name as a user of the account
        identity.put("arn", caller.principalArn() != null ? caller.principalArn()
                : caller.principalId().startsWith("arn:") ? caller.principalId()
                : "arn:aws:iam::" + account + ":user/" + caller.principalId());
        identity.put("accountId", account);
        if (caller.accessKeyId() != null) {
            identity.put("accessKeyId", caller.accessKeyId());
        }
        identity.put("userName", caller.principalId());
        e.put("eventTime", eventTime(time));
        e.put("eventSource", EVENT_SOURCE);
        e.put("eventName", call.operation);
        e.put("awsRegion", region);
        e.put("sourceIPAddress", caller.sourceIpAddress() == null ? "localhost" : caller.sourceIpAddress());
        e.put("userAgent", caller.userAgent() == null ? "envelope-local-kms" : caller.userAgent());
        if (errorCode != null) {
            e.put("errorCode", errorCode);
            e.put("errorMessage", errorMessage);
        }
        e.set("requestParameters", call.requestParameters);
        e.set("responseElements", call.responseElements == null ? Json.MAPPER.nullNode() : call.responseElements);
        e.put("requestID", UUID.randomUUID().toString());
        e.put("eventID", UUID.randomUUID().toString());
        e.put("readOnly", call.readOnly);
        resources(e, call.resources);
        if (call.authorization != null) {
            e.putObject("additionalEventData").set("authorization", call.authorization);
        }
        e.put("eventType", "AwsApiCall");
        e.put("managementEvent", true);
        e.put("recipientAccountId", account);
        e.put("eventCategory", "Management");
        return e;
    }

    /**
     * What KMS does by itself (automatic rotation: RotateKey; the end of a deletion waiting period: DeleteKey),
     * logged as CloudTrail logs it: eventType AwsServiceEvent, the service as the identity, no request.
     */
    ObjectNode serviceEvent(String eventName, String keyArn, Instant time, ObjectNode details) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("eventVersion", EVENT_VERSION);
        ObjectNode identity = e.putObject("userIdentity");
        identity.put("accountId", account);
        identity.put("invokedBy", EVENT_SOURCE);
        e.put("eventTime", eventTime(time));
        e.put("eventSource", EVENT_SOURCE);
        e.put("eventName", eventName);
        e.put("awsRegion", region);
        e.put("sourceIPAddress", EVENT_SOURCE);
        e.put("userAgent", EVENT_SOURCE);
        e.putNull("requestParameters");
        e.putNull("responseElements");
        e.put("eventID", UUID.randomUUID().toString());
        e.put("readOnly", false);
        resources(e, keyArn == null ? Set.of() : Set.of(keyArn));
        e.put("eventType", "AwsServiceEvent");
        e.put("managementEvent", true);
        e.put("recipientAccountId", account);
        e.set("serviceEventDetails", details);
        e.put("eventCategory", "Management");
        return e;
    }

    private void resources(ObjectNode e, Set<String> arns) {
        ArrayNode resources = e.putArray("resources");
        for (String arn : arns) {
            ObjectNode r = resources.addObject();
            r.put("accountId", account);
            r.put("type", "AWS::KMS::Key");
            r.put("ARN", arn);
        }
    }

    private static String eventTime(Instant time) {
        // CloudTrail writes whole seconds: 2026-01-01T12:00:00Z.
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
