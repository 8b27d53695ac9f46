package io.tempora.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventCsvReaderTest {

    private static Dataset read(String csv) throws IOException {
        return EventCsvReader.create().read(new StringReader(csv), "test.csv");
    }

    private static List<CsvProblem> problems(EventCsvReader reader, String csv) {
        CsvFormatException e =
                catchThrowableOfType(CsvFormatException.class, () -> reader.read(new StringReader(csv), "bad.csv"));
        assertThat(e).as("expected a CsvFormatException").isNotNull();
        assertThat(e.getMessage()).contains("bad.csv");
        return e.problems();
    }

    @Test
    void readsEpochMillisAndIsoTimestampsGroupsByEntityAndSortsStably() throws IOException {
        String csv = "entity_id,timestamp,type,amount,score\n"
                + "u1,1706702400000,buy,10.5,1\n"
                + "u2,2024-01-31T12:00:00Z,view,0,2\n"
                + "u1,2024-01-31T11:00:00.250Z,view,1e3,3\n"
                + "u1,2024-01-31T13:00:00+01:00,login,-2,4\n" // = 12:00Z, ties with the first row: file order kept
                + "u2,1706702399000,buy,3,5\n";
        Dataset d = read(csv);
        assertThat(d.types().names()).containsExactly("buy", "login", "view"); // sorted
        assertThat(d.featureNames()).containsExactly("amount", "score");
        assertThat(d.sequences()).extracting(EventSequence::entityId).containsExactly("u1", "u2");
        EventSequence u1 = d.sequences().get(0);
        long noon = Instant.parse("2024-01-31T12:00:00Z").toEpochMilli();
        assertThat(noon).isEqualTo(1706702400000L);
        assertThat(u1.times()).containsExactly(noon - 3_600_000 + 0.25 * 1000, noon, noon);
        assertThat(u1.types()).containsExactly(2, 0, 1);
        assertThat(u1.features()).isDeepEqualTo(new double[][] {{1000, 3}, {10.5, 1}, {-2, 4}});
        EventSequence u2 = d.sequences().get(1);
        assertThat(u2.times()).containsExactly(noon - 1000, noon);
        assertThat(u2.types()).containsExactly(0, 2);
    }

    @Test
    void handlesRfc4180QuotingCrlfAndByteOrderMark() throws IOException {
        String csv = "\uFEFFentity_id,\"timestamp\",type\r\n"
                + "\"acme, inc.\",1000,\"say \"\"hi\"\"\"\r\n"
                + "\"multi\nline\",2000,x\r\n"
                + "plain,3000,x\r\n";
        Dataset d = read(csv);
        assertThat(d.sequences())
                .extracting(EventSequence::entityId)
                .containsExactly("acme, inc.", "multi\nline", "plain");
        assertThat(d.types().names()).containsExactly("say \"hi\"", "x");
        assertThat(d.featureNames()).isEmpty();
    }

    @Test
    void reportsEveryBadRowWithItsLineAndColumn() {
        String csv = "entity_id,timestamp,type,amount\n" // line 1
                + "u1,1000,a,1\n" // 2 ok
                + "u1,yesterday,a,1\n" // 3 bad timestamp (col 2)
                + "u2,2000,a\n" // 4 too few fields
                + "\"multi\nline\",3000,a,NaN\n" // 5-6 non-finite feature (col 4), reported at line 5
                + ",4000,a,x\n" // 7 empty entity (col 1) and bad number (col 4)
                + "u3,2024-01-31T12:00:00,a,1\n" // 8 ISO without zone (col 2)
                + "\n" // 9 blank line in the middle
                + "u4,5000,,1\n" // 10 empty type (col 3)
                + "u5,6000,b,\n" // 11 missing feature (col 4)
                + "u6,7000,\"b\"x,1\n"; // 12 text after closing quote (col 3)
        List<CsvProblem> p = problems(EventCsvReader.create(), csv);
        assertThat(p)
                .extracting(CsvProblem::line, CsvProblem::column)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, 2),
                        org.assertj.core.groups.Tuple.tuple(4L, 0),
                        org.assertj.core.groups.Tuple.tuple(5L, 4),
                        org.assertj.core.groups.Tuple.tuple(7L, 1),
                        org.assertj.core.groups.Tuple.tuple(7L, 4),
                        org.assertj.core.groups.Tuple.tuple(8L, 2),
                        org.assertj.core.groups.Tuple.tuple(9L, 0),
                        org.assertj.core.groups.Tuple.tuple(10L, 3),
                        org.assertj.core.groups.Tuple.tuple(11L, 4),
                        org.assertj.core.groups.Tuple.tuple(12L, 3));
        assertThat(p.get(0).message()).contains("'yesterday'").contains("ISO-8601");
        assertThat(p.get(1).message()).contains("3 fields where the header has 4");
        assertThat(p.get(2).message()).contains("not finite");
        assertThat(p.get(4).message()).contains("'x' is not a number");
        assertThat(p.get(6).message()).contains("blank line");
        assertThat(p.get(9).message()).contains("closing quote");
    }

    @Test
    void reportsHeaderProblemsUnknownTypesAndUnclosedQuotes() {
        assertThat(problems(EventCsvReader.create(), "id,time,kind\nu,1,a\n"))
                .extracting(CsvProblem::column)
                .containsExactly(1, 2, 3);
        assertThat(problems(EventCsvReader.create(), "entity_id,timestamp\n"))
                .first()
                .extracting(CsvProblem::line, CsvProblem::column)
                .containsExactly(1L, 0);
        assertThat(problems(EventCsvReader.create(), ""))
                .first()
                .extracting(CsvProblem::message)
                .asString()
                .contains("empty");
        assertThat(problems(EventCsvReader.create(), "entity_id,timestamp,type,f,f\n"))
                .first()
                .extracting(CsvProblem::column)
                .isEqualTo(5);
        assertThat(problems(EventCsvReader.create(), "entity_id,timestamp,type\n"))
                .first()
                .extracting(CsvProblem::message)
                .asString()
                .contains("no events");

        List<CsvProblem> unknown = problems(
                EventCsvReader.withVocabulary(TypeVocabulary.of("a", "b")),
                "entity_id,timestamp,type\nu,1,a\nu,2,c\nv,3,b\n");
        assertThat(unknown).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo(3);
            assertThat(p.message()).contains("'c'").contains("2 types (a, b)");
        });
        List<CsvProblem> unclosed =
                problems(EventCsvReader.create(), "entity_id,timestamp,type\nu,1,a\nu,2,\"a\nu,3,a\n");
        assertThat(unclosed)
                .first()
                .extracting(CsvProblem::line, CsvProblem::column)
                .containsExactly(3L, 3);
        assertThat(problems(EventCsvReader.create(), "entity_id,timestamp,type\nu,99999999999999999,a\n"))
                .first()
                .extracting(CsvProblem::message)
                .asString()
                .contains("2^53");
    }

    @Test
    void messageListsTheFirstProblemsAndCountsTheRest() {
        StringBuilder csv = new StringBuilder("entity_id,timestamp,type\n");
        for (int i = 0; i < 30; i++) {
            csv.append("u,not-a-time,a\n");
        }
        CsvFormatException e = catchThrowableOfType(CsvFormatException.class, () -> EventCsvReader.create()
                .read(new StringReader(csv.toString()), "many.csv"));
        assertThat(e.problems()).hasSize(30);
        assertThat(e.getMessage())
                .startsWith("30 problems in many.csv")
                .contains("line 2, column 2")
                .contains("... and 10 more");
    }

    @Test
    void readsAFileWithAFixedVocabulary(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events.csv");
        Files.writeString(file, "Entity_ID,Timestamp,Type\nu,2,b\nu,1,a\n");
        Dataset d =
                EventCsvReader.withVocabulary(TypeVocabulary.of("b", "a", "c")).read(file);
        assertThat(d.types().names()).containsExactly("b", "a", "c");
        assertThat(d.sequences().get(0).types()).containsExactly(1, 0);
        assertThat(d.sequences().get(0).times()).containsExactly(1, 2);
        assertThatThrownBy(() -> EventCsvReader.create().read(dir.resolve("missing.csv")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void unknownTypeMessagesStayBoundedWhateverTheVocabularySize() {
        int vocabularySize = 5_000;
        int rows = 12_000;
        TypeVocabulary big = new TypeVocabulary(java.util.stream.IntStream.range(0, vocabularySize)
                .mapToObj(i -> "trained_type_with_a_longish_name_" + i)
                .toList());
        StringBuilder csv = new StringBuilder("entity_id,timestamp,type\n");
        for (int i = 0; i < rows; i++) {
            csv.append("e")
                    .append(i % 100)
                    .append(',')
                    .append(i)
                    .append(",unseen_")
                    .append(i)
                    .append('\n');
        }
        List<CsvProblem> found = problems(EventCsvReader.withVocabulary(big), csv.toString());

        assertThat(found).hasSize(rows);
        long total = found.stream().mapToLong(p -> p.message().length()).sum();
        // Each message names its type and the vocabulary's size and first names: a few hundred characters at most,
        // where the whole vocabulary would be about 200,000 characters per message.
        assertThat(total).isLessThan(rows * 300L);
        assertThat(found.get(0).line()).isEqualTo(2);
        assertThat(found.get(0).message()).contains("'unseen_0'", "5000 types", "trained_type_with_a_longish_name_0");
    }
}
