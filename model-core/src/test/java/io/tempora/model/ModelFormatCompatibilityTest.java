package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.EventSequence;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Model files across the type forms: a format-1 file written by the build before the factored form (resource
 * {@code per-type-v1.model}, see {@code model-format-fixtures.md}) loads as a per-type model, scores its events
 * exactly as that build did and is written back byte for byte; a factored model round-trips in format 2 with its
 * type classes.
 */
class ModelFormatCompatibilityTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ModelFormatCompatibilityTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void aFormatOneFileLoadsPerTypeAndScoresAsTheBuildThatWroteIt() throws IOException {
        byte[] bytes = resource("per-type-v1.model");
        EventModel m = ModelCodec.decode(bytes);
        assertThat(m.architecture().numTypes()).isEqualTo(40);
        // 40 types is above the per-type default's threshold: a stored per-type model stays per-type.
        assertThat(m.architecture().typeForm()).isEqualTo(TypeForm.PER_TYPE);
        assertThat(m.typeHead()).isNull();
        assertThat(ModelCodec.encode(m)).isEqualTo(bytes);

        List<String> lines = new String(resource("per-type-v1.scores"), StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.startsWith("#"))
                .toList();
        assertThat(lines).hasSize(30);
        StreamingScorer scorer = new StreamingScorer(m);
        EntityState s = scorer.newState(0);
        for (String line : lines) {
            String[] f = line.split(" ");
            double ll = scorer.observe(
                    s, Double.parseDouble(f[0]), Integer.parseInt(f[1]), new double[] {Double.parseDouble(f[2])});
            assertThat(ll).as(line).isEqualTo(Double.parseDouble(f[3]));
        }
    }

    @Test
    void aFactoredModelRoundTripsInFormatTwoWithItsClasses() {
        EventModel m = FactoredTypeFormTest.randomFactored(50, 8);
        byte[] bytes = ModelCodec.encode(m);
        assertThat(java.nio.ByteBuffer.wrap(bytes, ModelCodec.MAGIC.length, 4)
                        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .getInt())
                .isEqualTo(ModelCodec.FORMAT_VERSION_FACTORED);
        EventModel back = ModelCodec.decode(bytes);
        assertThat(back.architecture()).isEqualTo(m.architecture());
        assertThat(back.typeHead().classes()).isEqualTo(m.typeHead().classes());
        assertThat(back.parameters().values()).isEqualTo(m.parameters().values());
        assertThat(ModelCodec.encode(back)).isEqualTo(bytes);
        EventSequence seq = EventSequence.of("e", new double[] {0, 1.5, 2.25, 9}, new int[] {3, 49, 0, 21});
        assertThat(new StreamingScorer(back).logLikelihood(seq, 1, 4, 0))
                .isEqualTo(new StreamingScorer(m).logLikelihood(seq, 1, 4, 0));
    }
}
