package io.tempora.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.Dataset;
import io.tempora.data.TypeVocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvInputsTest {

    @Test
    void aFileWithSomeOfTheModelsTypesIsMappedToTheModelsIds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.csv");
        // The file alone would have the vocabulary [c, x] (ids 0, 1); the model's ids are x = 0, b = 1, c = 2.
        Files.writeString(file, "entity_id,timestamp,type\nu,1000,c\nu,2000,x\nv,500,c\n");

        Dataset d = CsvInputs.readForModel(file, TypeVocabulary.of("x", "b", "c"));

        assertThat(d.types()).isEqualTo(TypeVocabulary.of("x", "b", "c"));
        assertThat(d.sequences().get(0).types()).containsExactly(2, 0);
        assertThat(d.sequences().get(0).times()).containsExactly(1000, 2000);
        assertThat(d.sequences().get(1).types()).containsExactly(2);
    }

    @Test
    void typesOutsideTheModelGetIdsAfterItsOwnInSortedOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.csv");
        Files.writeString(file, "entity_id,timestamp,type\nu,1000,zz\nu,2000,b\nu,3000,new\nv,500,zz\n");

        Dataset d = CsvInputs.readForModel(file, TypeVocabulary.of("x", "b"));

        assertThat(d.types()).isEqualTo(TypeVocabulary.of("x", "b", "new", "zz"));
        assertThat(d.sequences().get(0).types()).containsExactly(3, 1, 2);
        assertThat(d.sequences().get(1).types()).containsExactly(3);
        assertThat(UnseenTypes.names(d.types(), 2)).containsExactly("new", "zz");
    }

    @Test
    void twelveThousandUnseenTypesMakeOneBoundedNote(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.csv");
        int unseenRows = 12_000;
        StringBuilder csv = new StringBuilder("entity_id,timestamp,type\nu,1,a\n");
        for (int i = 0; i < unseenRows; i++) {
            csv.append("e")
                    .append(i % 50)
                    .append(',')
                    .append(i)
                    .append(",unseen_")
                    .append(i)
                    .append('\n');
        }
        Files.writeString(file, csv);

        Dataset d = CsvInputs.readForModel(file, TypeVocabulary.of("a"));
        List<String> unseen = UnseenTypes.names(d.types(), 1);
        String note = UnseenTypes.describe(file.toString(), unseenRows, unseen, UnseenTypes.probability(100, 1));

        assertThat(unseen).hasSize(unseenRows);
        assertThat(note)
                .contains("12000 events of 12000 types (unseen_0, ", "not seen in training", "0.00980")
                .hasSizeLessThan(300 + file.toString().length());
    }
}
