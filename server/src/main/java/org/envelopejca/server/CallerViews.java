package org.envelopejca.server;

import org.envelopejca.kms.Kms;
import org.envelopejca.kms.local.Caller;
import org.envelopejca.kms.local.LocalKms;
import org.envelopejca.kms.policy.AwsPrincipal;
import org.envelopejca.kms.policy.MalformedPolicyException;
import org.envelopejca.kms.policy.PolicyDocument;
import org.envelopejca.kms.policy.PolicyKind;

import java.util.List;

/** The engine as one request's caller sees it, so that the engine's audit log names who asked. */
@FunctionalInterface
public interface CallerViews {

    /**
     * @param principal   the principal of the access key that signed the request
     * @param accessKeyId that access key
     * @param sourceIp    the client's address
     * @param userAgent   the client's User-Agent header, or null
     */
    Kms forCaller(String principal, String accessKeyId, String sourceIp, String userAgent);

    /** The engine as {@code key}'s caller sees it; by default {@link #forCaller(String, String, String, String)}. */
    default Kms forCaller(AccessKey key, String sourceIp, String userAgent) {
        return forCaller(key.principal(), key.accessKeyId(), sourceIp, userAgent);
    }

    /**
     * Whether the engines of these views evaluate the access keys' identity policy documents. An endpoint whose
     * views do not refuses to start with access keys that carry one, rather than ignore it.
     */
    default boolean evaluatesIdentityPolicies() {
        return false;
    }

    /** Every caller gets the same engine (one that does not record callers). */
    static CallerViews same(Kms kms) {
        return (principal, accessKeyId, sourceIp, userAgent) -> kms;
    }

    /**
     * The local engine's per-caller views: its audit lines carry the access key, address and client, and key
     * policies see the access key's IAM principal: the credentials file's {@code principal} when it is an IAM ARN,
     * else {@code arn:aws:iam::ACCOUNT:user/NAME}. The file's operations and keys lists are that principal's
     * identity policy: the endpoint's {@link Authorizer} enforces them before the engine runs, so the engine sees an
     * identity policy allowing the rest ({@link #LISTS_ALLOWED}), and key policies, grants and explicit denies
     * decide from there. An access key with a policy document ({@link AccessKey#identityPolicy()}) has that
     * document as its identity policy instead: what it allows, denies or leaves out decides with the key policy
     * and grants in AWS's order, after the lists.
     */
    static CallerViews of(LocalKms kms) {
        return new CallerViews() {
            @Override
            public Kms forCaller(String principal, String accessKeyId, String sourceIp, String userAgent) {
                return view(principal, accessKeyId, sourceIp, userAgent, LISTS_ALLOWED);
            }

            @Override
            public Kms forCaller(AccessKey key, String sourceIp, String userAgent) {
                return view(key.principal(), key.accessKeyId(), sourceIp, userAgent,
                        key.identityPolicy() == null ? LISTS_ALLOWED : key.identityPolicy());
            }

            @Override
            public boolean evaluatesIdentityPolicies() {
                return true;
            }

            private Kms view(String principal, String accessKeyId, String sourceIp, String userAgent,
                             PolicyDocument identity) {
                return kms.withCaller(new Caller(principal, accessKeyId, sourceIp, userAgent,
                        principalArn(principal, kms.account()), List.of(identity)));
            }
        };
    }

    /** The identity policy of an access key whose lists the endpoint has already checked. */
    PolicyDocument LISTS_ALLOWED = listsAllowed();

    private static PolicyDocument listsAllowed() {
        try {
            return PolicyDocument.parse(PolicyKind.IDENTITY_POLICY, "{\"Version\":\"2012-10-17\",\"Statement\":"
                    + "{\"Sid\":\"CredentialsFileLists\",\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}");
        } catch (MalformedPolicyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The credentials file's principal as an IAM ARN (old files name a user by name only). */
    static String principalArn(String principal, String account) {
        return AwsPrincipal.parse(principal).isPresent() ? principal : "arn:aws:iam::" + account + ":user/" + principal;
    }
}
