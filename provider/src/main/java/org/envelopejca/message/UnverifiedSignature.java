package org.envelopejca.message;

/**
 * Whether a range reader may read messages of signing suites. The trailing signature covers the hash of the whole
 * header and body, so a reader of part of a message cannot check it; every frame it releases is still
 * authenticated by its own tag under the data key.
 */
public enum UnverifiedSignature {
    /** Signed messages are refused (the default). */
    REFUSE,
    /**
     * Signed messages are read and their signature is not checked: the frames read are authentic as far as the data
     * key goes (anyone who can decrypt the message could have written them), not as far as the signer goes.
     */
    ACCEPT
}
