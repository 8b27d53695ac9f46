package io.tempora.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Writing arbitrary events as RFC 4180 CSV (quoting awkward fields) and reading them back gives the same data. */
class EventCsvRoundTripTest {

    record Row(String entity, long millis, String type, double feature) {}

    @Provide
    Arbitrary<List<Row>> rows() {
        // names with commas, quotes, line breaks and spaces inside (leading/trailing spaces are trimmed by the reader)
        Arbitrary<String> name = Arbitraries.strings()
                .withChars("ab,\"\n\r x")
                .ofMinLength(1)
                .ofMaxLength(6)
                .filter(s -> !s.strip().isEmpty() && s.equals(s.strip()));
        Arbitrary<String> entity = Arbitraries.of("u1", "u,2", "u\"3\"", "multi\nline");
        Arbitrary<Row> row = Combinators.combine(
                        entity,
                        Arbitraries.longs().between(-1_000_000_000_000L, 4_000_000_000_000L),
                        name,
                        Arbitraries.doubles().between(-1e6, 1e6))
                .as(Row::new);
        return row.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 200)
    void roundTrips(@ForAll("rows") List<Row> rows) throws IOException {
        StringBuilder csv = new StringBuilder("entity_id,timestamp,type,x\r\n");
        for (Row r : rows) {
            csv.append(quote(r.entity()))
                    .append(',')
                    .append(r.millis())
                    .append(',')
                    .append(quote(r.type()))
                    .append(',')
                    .append(r.feature())
                    .append("\r\n");
        }
        Dataset d = EventCsvReader.create().read(new StringReader(csv.toString()), "prop.csv");

        Map<String, List<Row>> expected = new LinkedHashMap<>();
        for (Row r : rows) {
            expected.computeIfAbsent(r.entity(), e -> new ArrayList<>()).add(r);
        }
        assertThat(d.sequences()).extracting(EventSequence::entityId).containsExactlyElementsOf(expected.keySet());
        for (EventSequence s : d.sequences()) {
            List<Row> want = new ArrayList<>(expected.get(s.entityId()));
            want.sort(java.util.Comparator.comparingLong(Row::millis)); // stable, like the reader
            for (int i = 0; i < want.size(); i++) {
                assertThat(s.time(i)).isEqualTo((double) want.get(i).millis());
                assertThat(d.types().name(s.type(i))).isEqualTo(want.get(i).type());
                assertThat(s.feature(i, 0)).isEqualTo(want.get(i).feature());
            }
        }
    }

    private static String quote(String s) {
        return s.matches("[^,\"\r\n]*") ? s : '"' + s.replace("\"", "\"\"") + '"';
    }
}
