package io.tempora.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A {@link Decoder} over one record's Avro binary that refuses lengths and item counts larger than the record
 * itself, before anything is allocated.
 *
 * <p>Why: Avro's own decoder allocates whatever a length prefix declares, so a damaged or hostile record
 * claiming a 2 GB string throws {@link OutOfMemoryError}, which kills a Kafka Streams thread instead of sending
 * the record to the dead-letter topic. A string, byte string, or block of array or map items can never be longer
 * than the bytes that carry it, so {@code length <= payloadLength} is a safe bound. (The one exception, arrays
 * or maps of zero-byte items such as {@code null}, appears in none of this product's schemas.)
 *
 * <p>Not thread-safe; one per record.
 */
final class BoundedDecoder extends Decoder {

    private final BinaryDecoder in;
    private final int payloadLength;

    BoundedDecoder(BinaryDecoder in, int payloadLength) {
        this.in = in;
        this.payloadLength = payloadLength;
    }

    /** Whether every byte of the payload was consumed. */
    boolean isEnd() throws IOException {
        return in.isEnd();
    }

    private int checkedLength(long declared, String what) {
        if (declared < 0 || declared > payloadLength) {
            throw new CorruptPayloadException(String.format(
                    "the Avro binary declares a %s of %d but the whole record has only %d bytes",
                    what, declared, payloadLength));
        }
        return (int) declared;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = checkedLength(in.readLong(), "string length");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        if (length > 0) {
            in.readFixed(result.getBytes(), 0, length);
        }
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = checkedLength(in.readLong(), "byte-string length");
        byte[] bytes = new byte[length];
        in.readFixed(bytes, 0, length);
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public long readArrayStart() throws IOException {
        return checkedLength(in.readArrayStart(), "array block of items");
    }

    @Override
    public long arrayNext() throws IOException {
        return checkedLength(in.arrayNext(), "array block of items");
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedLength(in.readMapStart(), "map block of entries");
    }

    @Override
    public long mapNext() throws IOException {
        return checkedLength(in.mapNext(), "map block of entries");
    }

    // Everything else allocates nothing beyond what the schema fixes: plain delegation.

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
