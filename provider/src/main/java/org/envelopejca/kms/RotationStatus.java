package org.envelopejca.kms;

import java.time.Instant;

/**
 * GetKeyRotationStatus's answer.
 *
 * @param enabled            whether automatic rotation is on
 * @param periodDays         the automatic rotation period (90..2560), or 0 when off
 * @param nextRotationDate   the next automatic rotation, or null
 * @param onDemandRotations  how many on-demand rotations happened (KMS allows 25 per key)
 */
public record RotationStatus(boolean enabled, int periodDays, Instant nextRotationDate, int onDemandRotations) {
}
