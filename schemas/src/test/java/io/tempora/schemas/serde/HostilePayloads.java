package io.tempora.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Hostile Avro payloads from issue 21, built byte by byte so that building them allocates little. */
final class HostilePayloads {

    /** The issue's 8.4 MB ModelParameters payload: 2.8 million tensors of three bytes each. */
    static final int ISSUE_EMPTY_TENSORS = 2_800_000;

    private HostilePayloads() {}

    /** A ModelParameters whose tensors are {@code count} tensors with an empty name, shape and data. */
    static byte[] emptyTensors(int count) throws IOException {
        return emptyTensors(count, count);
    }

    /**
     * As {@link #emptyTensors(int)}, the tensors written in blocks of {@code blockSize} items, so that no single
     * block count gives the size away.
     */
    static byte[] emptyTensors(int count, int blockSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(3 * count + 100);
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        e.writeString("m"); // modelName
        e.writeLong(1); // version
        e.writeIndex(0); // parentVersion null
        e.writeLong(0); // createdAt
        e.writeString("latent-ode-gru"); // architecture.family
        e.writeInt(2); // latentDim
        e.writeInt(4); // hiddenDim
        e.writeInt(0); // typeEmbeddingDim
        e.writeString("dopri5");
        e.writeDouble(1e-6);
        e.writeDouble(1e-6);
        e.writeMapStart(); // settings
        e.writeMapEnd();
        e.writeDouble(1000); // timeUnitMillis
        e.writeArrayStart(); // typeVocabulary
        e.writeArrayEnd();
        e.writeArrayStart(); // featureStatistics
        e.writeArrayEnd();
        // tensors, block by block: each block is its item count followed by its items; a count of 0 ends them
        for (int i = 0; i < count; i++) {
            if (i % blockSize == 0) {
                e.writeLong(Math.min(blockSize, count - i));
            }
            e.writeString(""); // name
            e.writeArrayStart(); // shape
            e.writeArrayEnd();
            e.writeBytes(new byte[0]); // data
        }
        e.writeLong(0);
        e.writeMapStart(); // trainingMetrics
        e.writeMapEnd();
        e.writeString("sha256:00"); // checksum
        e.writeIndex(0); // signature null
        e.flush();
        return out.toByteArray();
    }
}
