package io.tempora.streams.model;

import io.tempora.schemas.Tensor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The integrity check of a {@code ModelParameters} record's tensors, as its schema defines it:
 * {@code "sha256:" + lower-case hex} of the SHA-256 digest over, for each tensor in record order, its name (UTF-8),
 * each dimension of its shape as a big-endian int32, and its data bytes.
 */
public final class TensorChecksum {

    /** The only algorithm this build writes and accepts. */
    public static final String ALGORITHM = "sha256";
    /** The prefix of every checksum: the algorithm and a colon. */
    public static final String PREFIX = ALGORITHM + ":";

    private TensorChecksum() {}

    /** The checksum of {@code tensors} ({@code "sha256:…"}); leaves the data buffers' positions unchanged. */
    public static String of(List<Tensor> tensors) {
        MessageDigest digest = sha256();
        ByteBuffer dim = ByteBuffer.allocate(Integer.BYTES);
        for (Tensor t : tensors) {
            digest.update(t.getName().getBytes(StandardCharsets.UTF_8));
            for (int d : t.getShape()) {
                dim.clear();
                dim.putInt(d);
                digest.update(dim.array());
            }
            digest.update(t.getData().duplicate());
        }
        return PREFIX + HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }
}
