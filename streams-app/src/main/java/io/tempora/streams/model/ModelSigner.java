package io.tempora.streams.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs model versions for publication: an Ed25519 signature over the UTF-8 bytes of a version's checksum
 * ({@code ModelParameters.signature}), which {@link SignatureVerifier} checks on the receiving side. Uses the JDK's
 * own Ed25519 ({@code Signature.getInstance("Ed25519")}, Java 15+). Thread-safe (a {@link Signature} per call).
 */
public final class ModelSigner {

    /** The signature algorithm, as the JDK names it. */
    public static final String ALGORITHM = "Ed25519";

    private final PrivateKey key;

    /** Signs with {@code key}, an Ed25519 private key. */
    public ModelSigner(PrivateKey key) {
        this.key = requireEd25519(Objects.requireNonNull(key, "key"));
    }

    /** {@code key} if it is an Ed25519 key (the JDK names its algorithm EdDSA, shared with Ed448). */
    static <K extends Key> K requireEd25519(K key) {
        if (!(key instanceof EdECKey ed)
                || !ALGORITHM.equalsIgnoreCase(ed.getParams().getName())) {
            String what = key instanceof EdECKey ed ? ed.getParams().getName() : key.getAlgorithm();
            throw new IllegalArgumentException("model signatures are " + ALGORITHM + " but the key is " + what);
        }
        return key;
    }

    /**
     * A signer from an Ed25519 private key in PKCS#8 DER form, base64-encoded (standard alphabet; what
     * {@code openssl genpkey -algorithm ed25519 -outform DER | base64} prints, or {@code PrivateKey.getEncoded()}).
     */
    public static ModelSigner fromBase64Pkcs8(String base64) {
        try {
            byte[] der = Base64.getDecoder().decode(base64.strip());
            return new ModelSigner(KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not a base64 PKCS#8 Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** The signature of {@code checksum} (its UTF-8 bytes): 64 bytes. */
    public byte[] sign(String checksum) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(checksum.getBytes(StandardCharsets.UTF_8));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
        }
    }
}
