package io.tempora.model;

import io.tempora.data.TypeVocabulary;
import io.tempora.nn.Parameter;
import io.tempora.nn.ParameterSet;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Versioned binary form of an {@link EventModel}: everything needed to score with it, nothing of the
 * training state. Layout (little-endian; a string is an int byte length and UTF-8 bytes):
 * <pre>
 *   magic            8 bytes  "TEMPORAM" ({@link #MAGIC})
 *   format version   int      {@value #FORMAT_VERSION}
 *   total length     long     bytes of the whole encoding, checksum included
 *   model version    string
 *   D, H, E, K, F    5 ints
 *   time unit        double   data units per model unit
 *   K type names     K strings
 *   F features       F × (string name, double mean, double sd)
 *   type form        (format 2 only) int 1 = {@link TypeForm#FACTORED}, then K ints: each type's class
 *                    ({@link TypeClasses})
 *   parameters       int count, then per tensor: string name, int rank, rank ints (shape)
 *   values           int n, then n doubles (IEEE 754 binary64, bit-exact)
 *   checksum         int      CRC-32C of every byte before it
 * </pre>
 * A per-type model is written in format {@value #FORMAT_VERSION}, which has no type form; a factored one in format
 * {@value #FORMAT_VERSION_FACTORED}, which adds it. This build
 * reads both. Reading checks, in order: magic, format version, length (truncation), checksum (corruption),
 * then that the stored parameter layout is the one the stored architecture defines. Each failure
 * is a {@link ModelFormatException} with its own {@link ModelFormatException.Reason}.
 */
public final class ModelCodec {

    /** The first eight bytes of every encoded model. */
    public static final byte[] MAGIC = {'T', 'E', 'M', 'P', 'O', 'R', 'A', 'M'};
    /** The format of a per-type model: the only one before the factored form, still written for per-type models. */
    public static final int FORMAT_VERSION = 1;

    /** The format of a {@link TypeForm#FACTORED} model: format 1 with the type form after the features. */
    public static final int FORMAT_VERSION_FACTORED = 2;

    /** The code of {@link TypeForm#FACTORED} in format 2. */
    private static final int FORM_FACTORED = 1;

    private static final int HEADER = MAGIC.length + 4 + 8;

    private ModelCodec() {}

    /** The model's bytes. */
    public static byte[] encode(EventModel model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelArchitecture a = model.architecture();
        ParameterSet params = model.parameters();
        Writer w = new Writer(out);
        boolean factored = a.typeForm() == TypeForm.FACTORED;
        out.writeBytes(MAGIC);
        w.putInt(factored ? FORMAT_VERSION_FACTORED : FORMAT_VERSION);
        w.putLong(0); // patched below
        w.putString(model.version());
        w.putInt(a.latentDim());
        w.putInt(a.hiddenDim());
        w.putInt(a.embeddingDim());
        w.putInt(a.numTypes());
        w.putInt(a.numFeatures());
        w.putDouble(model.timeUnit());
        for (String name : model.types().names()) {
            w.putString(name);
        }
        FeatureStatistics fs = model.features();
        for (int j = 0; j < fs.size(); j++) {
            w.putString(fs.names().get(j));
            w.putDouble(fs.mean(j));
            w.putDouble(fs.sd(j));
        }
        if (factored) {
            w.putInt(FORM_FACTORED);
            for (int c : model.typeHead().classes().toArray()) {
                w.putInt(c);
            }
        }
        w.putInt(params.parameters().size());
        for (Parameter p : params.parameters()) {
            w.putString(p.name());
            w.putInt(p.rank());
            for (int dim : p.shape()) {
                w.putInt(dim);
            }
        }
        double[] v = params.values();
        w.putInt(v.length);
        for (double x : v) {
            w.putDouble(x);
        }
        byte[] body = out.toByteArray();
        byte[] all = Arrays.copyOf(body, body.length + 4);
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putLong(MAGIC.length + 4, all.length);
        CRC32C crc = new CRC32C();
        crc.update(all, 0, body.length);
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length, (int) crc.getValue());
        return all;
    }

    /**
     * Reads a model.
     *
     * @throws ModelFormatException if the bytes are not a model this build can read (see the class comment)
     */
    public static EventModel decode(byte[] bytes) {
        if (bytes == null || bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new ModelFormatException(
                    ModelFormatException.Reason.BAD_MAGIC,
                    "the bytes do not start with the Tempora model magic "
                            + new String(MAGIC, StandardCharsets.US_ASCII)
                            + "; they are not a model written by ModelCodec.encode");
        }
        if (bytes.length < HEADER) {
            throw new ModelFormatException(
                    ModelFormatException.Reason.TRUNCATED,
                    "only " + bytes.length + " bytes, shorter than the " + HEADER
                            + "-byte header; the model was cut off");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        int format = buf.getInt();
        if (format != FORMAT_VERSION && format != FORMAT_VERSION_FACTORED) {
            throw new ModelFormatException(
                    ModelFormatException.Reason.UNSUPPORTED_VERSION,
                    "format version " + format + " but this build reads versions " + FORMAT_VERSION + " and "
                            + FORMAT_VERSION_FACTORED + "; use a Tempora build that wrote it");
        }
        long total = buf.getLong();
        if (bytes.length < total) {
            throw new ModelFormatException(
                    ModelFormatException.Reason.TRUNCATED,
                    "the model announces " + total + " bytes but only " + bytes.length
                            + " are there; it was cut off in transfer or storage");
        }
        if (bytes.length > total || total < HEADER + 4) {
            throw new ModelFormatException(
                    ModelFormatException.Reason.MALFORMED,
                    "the model announces " + total + " bytes but " + bytes.length
                            + " were given; extra bytes after the model or a damaged header");
        }
        int bodyLength = bytes.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bodyLength);
        int stored = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(bodyLength);
        if (stored != (int) crc.getValue()) {
            throw new ModelFormatException(
                    ModelFormatException.Reason.CHECKSUM_MISMATCH,
                    String.format(
                            "CRC-32C of the content is %08x but the model stores %08x; the bytes were corrupted",
                            (int) crc.getValue(), stored));
        }
        buf.limit(bodyLength);
        try {
            return readBody(buf, format);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            if (e instanceof ModelFormatException mfe) {
                throw mfe;
            }
            throw new ModelFormatException(
                    ModelFormatException.Reason.MALFORMED,
                    "inconsistent content at byte " + buf.position() + ": " + e.getMessage(),
                    e);
        }
    }

    private static EventModel readBody(ByteBuffer buf, int format) {
        String version = getString(buf);
        ModelArchitecture a =
                new ModelArchitecture(buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt());
        double unit = buf.getDouble();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < a.numTypes(); i++) {
            types.add(getString(buf));
        }
        int f = a.numFeatures();
        List<String> names = new ArrayList<>();
        double[] mean = new double[f];
        double[] sd = new double[f];
        for (int j = 0; j < f; j++) {
            names.add(getString(buf));
            mean[j] = buf.getDouble();
            sd[j] = buf.getDouble();
        }
        TypeClasses classes = null;
        if (format == FORMAT_VERSION_FACTORED) {
            int form = buf.getInt();
            if (form != FORM_FACTORED) {
                throw new ModelFormatException(
                        ModelFormatException.Reason.MALFORMED, "format 2 with unknown type form code " + form);
            }
            int[] classOf = new int[a.numTypes()];
            for (int j = 0; j < classOf.length; j++) {
                classOf[j] = buf.getInt();
            }
            classes = new TypeClasses(classOf);
            a = a.withTypeForm(TypeForm.FACTORED);
        }
        EventModel model = EventModel.zeros(
                a, unit, new TypeVocabulary(types), new FeatureStatistics(names, mean, sd), version, classes);
        List<Parameter> expected = model.parameters().parameters();
        int count = buf.getInt();
        if (count != expected.size()) {
            throw new ModelFormatException(
                    ModelFormatException.Reason.LAYOUT_MISMATCH,
                    "the model stores " + count + " parameter tensors but its architecture " + a + " defines "
                            + expected.size());
        }
        for (Parameter p : expected) {
            String name = getString(buf);
            int rank = buf.getInt();
            if (rank < 1 || rank > 8) {
                throw new ModelFormatException(
                        ModelFormatException.Reason.MALFORMED, "tensor '" + name + "' has rank " + rank);
            }
            int[] shape = new int[rank];
            for (int r = 0; r < rank; r++) {
                shape[r] = buf.getInt();
            }
            if (!name.equals(p.name()) || !Arrays.equals(shape, p.shape())) {
                throw new ModelFormatException(
                        ModelFormatException.Reason.LAYOUT_MISMATCH,
                        "stored tensor '" + name
                                + "' " + Arrays.toString(shape) + " where the architecture " + a + " defines '"
                                + p.name()
                                + "' " + Arrays.toString(p.shape())
                                + "; the model was written by an incompatible build");
            }
        }
        int n = buf.getInt();
        if (n != model.parameters().size()) {
            throw new ModelFormatException(
                    ModelFormatException.Reason.LAYOUT_MISMATCH,
                    n + " parameter values stored but " + "the layout has "
                            + model.parameters().size());
        }
        double[] v = new double[n];
        buf.asDoubleBuffer().get(v);
        buf.position(buf.position() + 8 * n);
        if (buf.hasRemaining()) {
            throw new ModelFormatException(
                    ModelFormatException.Reason.MALFORMED, buf.remaining() + " unread bytes before the checksum");
        }
        model.parameters().setAll(v);
        return model;
    }

    private static String getString(ByteBuffer buf) {
        int len = buf.getInt();
        if (len < 0 || len > buf.remaining()) {
            throw new ModelFormatException(
                    ModelFormatException.Reason.MALFORMED,
                    "a string claims " + len + " bytes at byte " + (buf.position() - 4) + " but " + buf.remaining()
                            + " remain");
        }
        byte[] b = new byte[len];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static final class Writer {
        private final ByteArrayOutputStream out;
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        Writer(ByteArrayOutputStream out) {
            this.out = out;
        }

        void putInt(int v) {
            scratch.clear();
            scratch.putInt(v);
            out.write(scratch.array(), 0, 4);
        }

        void putLong(long v) {
            scratch.clear();
            scratch.putLong(v);
            out.write(scratch.array(), 0, 8);
        }

        void putDouble(double v) {
            putLong(Double.doubleToRawLongBits(v));
        }

        void putString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putInt(b.length);
            out.writeBytes(b);
        }
    }
}
