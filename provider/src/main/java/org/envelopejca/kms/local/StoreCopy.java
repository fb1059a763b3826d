package org.envelopejca.kms.local;

/**
 * A store as read back from a {@link CopyTarget}: the sealed store bytes and the root header that opens them.
 * Nothing in it is checked yet; {@link StoreRestore} checks both before anything is written.
 */
record StoreCopy(String location, String version, long generation, byte[] rootHeader, byte[] sealedStore) {
}
