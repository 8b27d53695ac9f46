package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Every format {@link EntityState#toBytes()} ever wrote is read back: fixtures made by each format's own code
 * (src/test/resources/io/tempora/model/entity-state-fixtures.md says how).
 */
class EntityStateFormatsTest {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = EntityStateFormatsTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }

    private static void assertFixtureValues(EntityState s) {
        assertThat(s.latentDim()).isEqualTo(3);
        assertThat(s.latent()).containsExactly(0.25, -1.5, 3.0e-4);
        assertThat(s.time()).isEqualTo(1_700_000_123_456.0);
        assertThat(s.lastEventTime()).isEqualTo(1_700_000_000_000.0);
        assertThat(s.count()).isEqualTo(42);
        assertThat(s.pendingCompensator()).isEqualTo(0.125);
        assertThat(s.modelVersion()).isEqualTo("hawkes-7");
    }

    @Test
    void readsTes1TheFormatWithoutTheStepHint() throws IOException {
        byte[] bytes = fixture("entity-state-tes1.hex");
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("1SET"); // "TES1" little-endian
        EntityState s = EntityState.fromBytes(bytes);
        assertFixtureValues(s);
        assertThat(s.stepHint()).as("TES1 has no hint: the scorer's default").isNaN();
        // Written back in today's format, it reads as the same state.
        assertThat(EntityState.fromBytes(s.toBytes())).isEqualTo(s);
    }

    @Test
    void readsTes2() throws IOException {
        byte[] bytes = fixture("entity-state-tes2.hex");
        EntityState s = EntityState.fromBytes(bytes);
        assertFixtureValues(s);
        assertThat(s.stepHint()).isEqualTo(0.75);
        assertThat(s.toBytes())
                .as("TES2 is today's format: written back byte for byte")
                .isEqualTo(bytes);
    }

    @Test
    void aTes1StateIsScoredLikeTheSameStateInTes2() throws IOException {
        // The hint changes no value the state stands for: a state read from TES1 scores as the TES2 one.
        ModelArchitecture a = new ModelArchitecture(3, 8, 4, 2, 0);
        EventModel m = EventModel.create(
                a, 1.0, io.tempora.data.TypeVocabulary.numbered(2), FeatureStatistics.NONE, "hawkes-7", 5);
        StreamingScorer scorer = new StreamingScorer(m, TestSettings.TIGHT);
        EntityState old = EntityState.fromBytes(fixture("entity-state-tes1.hex"));
        EntityState now = EntityState.fromBytes(fixture("entity-state-tes2.hex"));
        double t = old.time() + 2.5;
        assertThat(scorer.observe(old, t, 1))
                .isCloseTo(scorer.observe(now, t, 1), org.assertj.core.api.Assertions.within(1e-9));
    }
}
