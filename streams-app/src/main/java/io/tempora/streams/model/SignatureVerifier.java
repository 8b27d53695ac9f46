package io.tempora.streams.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * Checks a model version's detached Ed25519 signature over the UTF-8 bytes of its checksum against the one public
 * key the deployment trusts (the counterpart of {@link ModelSigner}). Thread-safe (a {@link Signature} per call).
 */
public final class SignatureVerifier {

    private final PublicKey key;

    /** Verifies against {@code key}, an Ed25519 public key. */
    public SignatureVerifier(PublicKey key) {
        this.key = ModelSigner.requireEd25519(Objects.requireNonNull(key, "key"));
    }

    /**
     * A verifier from an Ed25519 public key in X.509 SubjectPublicKeyInfo DER form, base64-encoded (standard
     * alphabet; what {@code openssl pkey -pubout -outform DER | base64} prints, or {@code PublicKey.getEncoded()}).
     */
    public static SignatureVerifier fromBase64X509(String base64) {
        try {
            byte[] der = Base64.getDecoder().decode(base64.strip());
            return new SignatureVerifier(
                    KeyFactory.getInstance(ModelSigner.ALGORITHM).generatePublic(new X509EncodedKeySpec(der)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not a base64 X.509 Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is this key's signature of {@code checksum}; false for malformed signatures too. */
    public boolean verifies(String checksum, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ModelSigner.ALGORITHM);
            s.initVerify(key);
            s.update(checksum.getBytes(StandardCharsets.UTF_8));
            return s.verify(signature);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification could not run: " + e.getMessage(), e);
        }
    }
}
