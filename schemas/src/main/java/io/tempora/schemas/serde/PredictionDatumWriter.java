package io.tempora.schemas.serde;

import io.tempora.schemas.HorizonProbability;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.SolverStatistics;
import io.tempora.schemas.TimeQuantile;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Writes a {@link Prediction} in Avro's binary encoding of its schema field by field, byte for byte what
 * {@link SpecificDatumWriter} writes, without its per-field schema walk, union resolution and map iteration through
 * the generic data model, which are most of that writer's cost for this record: a prediction is written for every
 * accepted event.
 *
 * <p>The field order and types below are those of the schema whose parsing fingerprint is {@link #FINGERPRINT}
 * ({@link SchemaNormalization#parsingFingerprint64}: names, types and order, which is what the encoding depends
 * on). {@link #forSchema} hands out this writer only for that schema; for any other (the schema evolved and this
 * class was not updated, or a reader's schema) it hands out a {@link SpecificDatumWriter}, so a stale writer can
 * never write wrong bytes. A prediction this writer cannot write (a null in a required field, a null map value) is
 * written again by a {@link SpecificDatumWriter} to a discarding encoder, so that the failure and its message are
 * Avro's own.
 */
public final class PredictionDatumWriter implements DatumWriter<Object> {

    /** The parsing fingerprint of the {@code Prediction} schema the field order below follows. */
    static final long FINGERPRINT = -4897875599719138565L;

    private final SpecificDatumWriter<Object> fallback;

    private PredictionDatumWriter(Schema schema) {
        this.fallback = new SpecificDatumWriter<>(schema);
    }

    /** Whether {@code schema} is the schema this writer encodes (by its parsing fingerprint). */
    static boolean writes(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema) == FINGERPRINT;
    }

    /** This writer for the schema it follows; Avro's {@link SpecificDatumWriter} for any other. */
    public static DatumWriter<Object> forSchema(Schema schema) {
        return writes(schema) ? new PredictionDatumWriter(schema) : new SpecificDatumWriter<>(schema);
    }

    @Override
    public void setSchema(Schema schema) {
        throw new UnsupportedOperationException("the writer's schema is fixed; use forSchema");
    }

    @Override
    public void write(Object datum, Encoder out) throws IOException {
        if (!(datum instanceof Prediction p)) {
            fallback.write(datum, out);
            return;
        }
        try {
            writeFields(p, out);
        } catch (NullPointerException e) {
            // A null where the schema has none: Avro's writer names the field. What was written is discarded with
            // the exception (the serializer returns no bytes).
            fallback.write(datum, EncoderFactory.get().binaryEncoder(OutputStream.nullOutputStream(), null));
            throw e;
        }
    }

    private static void writeFields(Prediction p, Encoder out) throws IOException {
        out.writeString(p.getEntityId());
        out.writeLong(p.getAsOf().toEpochMilli());
        out.writeString(p.getModelName());
        out.writeLong(p.getModelVersion());
        out.writeEnum(p.getTrigger().ordinal());
        writeOptional(p.getEventLogLikelihood(), out);
        out.writeDouble(p.getTotalIntensity());
        writeMap(p.getTypeIntensities(), out);
        List<HorizonProbability> horizons = p.getHorizons();
        out.writeArrayStart();
        out.setItemCount(horizons.size());
        for (HorizonProbability h : horizons) {
            out.startItem();
            out.writeLong(h.getHorizonMillis());
            out.writeDouble(h.getProbability());
            writeMap(h.getTypeProbabilities(), out);
        }
        out.writeArrayEnd();
        List<TimeQuantile> quantiles = p.getNextEventQuantiles();
        out.writeArrayStart();
        out.setItemCount(quantiles.size());
        for (TimeQuantile q : quantiles) {
            out.startItem();
            out.writeDouble(q.getLevel());
            writeOptional(q.getMillisAfterAsOf(), out);
        }
        out.writeArrayEnd();
        out.writeDouble(p.getExpectedMillisToNextEvent());
        out.writeLong(p.getTruncationHorizonMillis());
        writeMap(p.getNextTypeDistribution(), out);
        writeMap(p.getPredictedNextFeatures(), out);
        SolverStatistics stats = p.getSolverStatistics();
        if (stats == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeInt(stats.getFunctionEvaluations());
            out.writeInt(stats.getAcceptedSteps());
            out.writeInt(stats.getRejectedSteps());
        }
        if (p.getSourceEventId() == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeString(p.getSourceEventId());
        }
        out.writeEnum(p.getEntityStatus().ordinal());
    }

    /** A {@code ["null", "double"]} union. */
    private static void writeOptional(Double value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeDouble(value);
        }
    }

    /** A map of doubles, in the map's iteration order as Avro writes it. */
    private static void writeMap(Map<String, Double> map, Encoder out) throws IOException {
        out.writeMapStart();
        out.setItemCount(map.size());
        for (Map.Entry<String, Double> e : map.entrySet()) {
            out.startItem();
            out.writeString(e.getKey());
            out.writeDouble(e.getValue());
        }
        out.writeMapEnd();
    }
}
