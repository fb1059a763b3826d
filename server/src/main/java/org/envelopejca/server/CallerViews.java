package org.envelopejca.server;

import org.envelopejca.kms.Kms;
import org.envelopejca.kms.local.Caller;
import org.envelopejca.kms.local.LocalKms;

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

    /** Every caller gets the same engine (one that does not record callers). */
    static CallerViews same(Kms kms) {
        return (principal, accessKeyId, sourceIp, userAgent) -> kms;
    }

    /** The local engine's per-caller views: its audit lines carry the access key, address and client. */
    static CallerViews of(LocalKms kms) {
        return (principal, accessKeyId, sourceIp, userAgent) ->
                kms.withCaller(new Caller(principal, accessKeyId, sourceIp, userAgent));
    }
}
