package org.envelopejca.kms;

/** Key states (AWS KMS KeyState values this provider uses; the wire names are the enum names in CamelCase). */
public enum KeyState {
    ENABLED("Enabled"), DISABLED("Disabled"), PENDING_DELETION("PendingDeletion");

    private final String awsName;

    KeyState(String awsName) {
        this.awsName = awsName;
    }

    public String awsName() {
        return awsName;
    }
}
