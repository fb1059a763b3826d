package org.envelopejca.kms.policy;

/** A statement's {@code Effect}: exactly {@code Allow} or {@code Deny} (case-sensitive, as IAM parses it). */
public enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String jsonName;

    Effect(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    static Effect parse(String value) throws MalformedPolicyException {
        for (Effect e : values()) {
            if (e.jsonName.equals(value)) {
                return e;
            }
        }
        throw new MalformedPolicyException("Effect must be Allow or Deny");
    }
}
