package org.envelopejca.cipher;

import java.security.AlgorithmParameters;
import java.security.Key;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.CipherSpi;

/** Placeholder while the message layer is written. */
public final class EnvelopeCipher extends CipherSpi {
    @Override protected void engineSetMode(String mode) { }
    @Override protected void engineSetPadding(String padding) { }
    @Override protected int engineGetBlockSize() { return 0; }
    @Override protected int engineGetOutputSize(int inputLen) { throw new UnsupportedOperationException(); }
    @Override protected byte[] engineGetIV() { return null; }
    @Override protected AlgorithmParameters engineGetParameters() { return null; }
    @Override protected void engineInit(int opmode, Key key, SecureRandom random) { throw new UnsupportedOperationException(); }
    @Override protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random) { throw new UnsupportedOperationException(); }
    @Override protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random) { throw new UnsupportedOperationException(); }
    @Override protected byte[] engineUpdate(byte[] input, int inputOffset, int inputLen) { throw new UnsupportedOperationException(); }
    @Override protected int engineUpdate(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset) { throw new UnsupportedOperationException(); }
    @Override protected byte[] engineDoFinal(byte[] input, int inputOffset, int inputLen) { throw new UnsupportedOperationException(); }
    @Override protected int engineDoFinal(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset) { throw new UnsupportedOperationException(); }
}
