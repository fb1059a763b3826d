package org.envelopejca.kms;

import java.util.List;

/**
 * One page of a listing (KMS Limit/Marker pagination).
 *
 * @param items      the entries
 * @param nextMarker marker for the next page, or null when this is the last
 */
public record Page<T>(List<T> items, String nextMarker) {
    public Page {
        items = List.copyOf(items);
    }

    public boolean truncated() {
        return nextMarker != null;
    }
}
