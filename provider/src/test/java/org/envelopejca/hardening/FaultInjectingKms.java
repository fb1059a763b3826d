package org.envelopejca.hardening;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.envelopejca.kms.CiphertextResult;
import org.envelopejca.kms.DataKeyResult;
import org.envelopejca.kms.DecryptResult;
import org.envelopejca.kms.Kms;
import org.envelopejca.kms.KmsErrorCode;
import org.envelopejca.kms.KmsException;

/**
 * A decorator over any engine that makes GenerateDataKey, Encrypt or Decrypt fail, time out, or answer with
 * something unusable, from a chosen call on, and counts every call per operation (faulty ones too). A dynamic proxy,
 * so that the other operations pass through untouched without restating the interface.
 */
final class FaultInjectingKms implements InvocationHandler {

    /** What an operation does instead of (or after) asking the engine. */
    enum Fault {
        /** The engine's answer, unchanged. */
        NONE,
        /** A server-side error (KMSInternalException) at once. */
        FAIL,
        /** No answer for a while, then ServiceUnavailable, as a timed-out engine reports it. */
        TIMEOUT,
        /** The engine's answer with a plaintext one byte short. */
        SHORT_PLAINTEXT,
        /** The engine's answer without a plaintext. */
        NO_PLAINTEXT,
        /** The engine's answer with an empty ciphertext blob (GenerateDataKey, Encrypt). */
        EMPTY_BLOB,
        /** The engine's answer with a key ARN that is not an ARN. */
        INVALID_ARN,
        /** The engine's answer claiming another (well-formed) key. */
        OTHER_KEY,
        /** The engine's answer with one bit of the plaintext flipped (Decrypt: a wrong data key of the right length). */
        FLIPPED_PLAINTEXT
    }

    static final String OTHER_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000";

    /** The fault applies to the calls numbered {@code from + 1} to {@code to}. */
    private record Armed(Fault fault, int from, int to) {
    }

    private final Kms inner;
    private final Kms proxy;
    private final long delayMillis;
    private final Map<String, Armed> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    FaultInjectingKms(Kms inner, long delayMillis) {
        this.inner = inner;
        this.delayMillis = delayMillis;
        this.proxy = (Kms) Proxy.newProxyInstance(Kms.class.getClassLoader(), new Class<?>[] {Kms.class}, this);
    }

    /** The engine to hand to the KeyStore. */
    Kms kms() {
        return proxy;
    }

    /** Every call of {@code operation} (a {@link Kms} method name, e.g. {@code generateDataKey}) from now on. */
    void inject(String operation, Fault fault) {
        injectAfter(operation, fault, 0);
    }

    /** The calls of {@code operation} after the next {@code afterCalls} ones (those reach the engine unchanged). */
    void injectAfter(String operation, Fault fault, int afterCalls) {
        faults.put(operation, new Armed(fault, calls(operation) + afterCalls, Integer.MAX_VALUE));
    }

    /** The next call of {@code operation} only. */
    void injectOnce(String operation, Fault fault) {
        faults.put(operation, new Armed(fault, calls(operation), calls(operation) + 1));
    }

    void clearFaults() {
        faults.clear();
    }

    int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    /** Forgets the counts; armed faults stay armed for every call. */
    void resetCalls() {
        calls.clear();
        faults.replaceAll((op, armed) -> new Armed(armed.fault(), 0, Integer.MAX_VALUE));
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String operation = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return method.invoke(this, args);
        }
        int callNumber = calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        Armed armed = faults.get(operation);
        Fault fault = armed == null || callNumber <= armed.from() || callNumber > armed.to() ? Fault.NONE
                : armed.fault();
        switch (fault) {
            case FAIL -> throw new KmsException(KmsErrorCode.INTERNAL, "injected fault", null);
            case TIMEOUT -> {
                Thread.sleep(delayMillis);
                throw new KmsException(KmsErrorCode.UNAVAILABLE, "injected timeout", null);
            }
            default -> {
            }
        }
        Object answer;
        try {
            answer = method.invoke(inner, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return fault == Fault.NONE ? answer : spoil(answer, fault);
    }

    private static Object spoil(Object answer, Fault fault) {
        if (answer instanceof DataKeyResult r) {
            return new DataKeyResult(arn(r.keyArn(), fault), plaintext(r.plaintext(), fault),
                    fault == Fault.EMPTY_BLOB ? new byte[0] : r.ciphertextBlob());
        }
        if (answer instanceof CiphertextResult r) {
            return new CiphertextResult(arn(r.keyArn(), fault), fault == Fault.EMPTY_BLOB ? new byte[0]
                    : r.ciphertextBlob(), r.sourceKeyArn());
        }
        if (answer instanceof DecryptResult r) {
            return new DecryptResult(arn(r.keyArn(), fault), plaintext(r.plaintext(), fault), r.algorithm());
        }
        return answer;
    }

    private static String arn(String arn, Fault fault) {
        return switch (fault) {
            case INVALID_ARN -> "not-a-key-arn";
            case OTHER_KEY -> OTHER_KEY_ARN;
            default -> arn;
        };
    }

    private static byte[] plaintext(byte[] plaintext, Fault fault) {
        switch (fault) {
            case NO_PLAINTEXT -> {
                Arrays.fill(plaintext, (byte) 0);
                return null;
            }
            case SHORT_PLAINTEXT -> {
                byte[] shorter = Arrays.copyOf(plaintext, plaintext.length - 1);
                Arrays.fill(plaintext, (byte) 0);
                return shorter;
            }
            case FLIPPED_PLAINTEXT -> {
                plaintext[0] ^= 1;
                return plaintext;
            }
            default -> {
                return plaintext;
            }
        }
    }
}
