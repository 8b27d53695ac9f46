package io.tempora.trainer;

import io.tempora.data.Dataset;
import io.tempora.data.EventCsvReader;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV files (model-core's format, {@link EventCsvReader}: times in epoch milliseconds) for training and for
 * scoring with a trained model.
 */
public final class CsvInputs {

    private CsvInputs() {}

    /**
     * A training file: its vocabulary is the sorted set of type names it holds.
     *
     * @throws io.tempora.data.CsvFormatException listing every malformed row
     */
    public static Dataset readTraining(Path file) throws IOException {
        return EventCsvReader.create().read(file);
    }

    /**
     * A file to score with a model of vocabulary {@code types}: its type names mapped to the model's ids, and
     * names outside them ({@link UnseenTypes}) to ids from {@code types.size()} on, in sorted order. The returned
     * vocabulary is {@code types} followed by those names, so an id {@code >= types.size()} marks an event of a
     * type not seen in training.
     *
     * @throws io.tempora.data.CsvFormatException listing every malformed row
     */
    public static Dataset readForModel(Path file, TypeVocabulary types) throws IOException {
        Dataset read = EventCsvReader.create().read(file);
        TypeVocabulary own = read.types();
        List<String> names = new ArrayList<>(types.names());
        int[] toModel = new int[own.size()];
        for (int j = 0; j < own.size(); j++) {
            int id = types.idOrMinusOne(own.name(j));
            if (id < 0) {
                id = names.size(); // own names are sorted, so the appended ones are too
                names.add(own.name(j));
            }
            toModel[j] = id;
        }
        List<EventSequence> mapped = new ArrayList<>(read.sequences().size());
        for (EventSequence s : read.sequences()) {
            int[] ids = new int[s.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = toModel[s.type(i)];
            }
            mapped.add(new EventSequence(s.entityId(), s.times(), ids, s.features()));
        }
        TypeVocabulary vocabulary = names.size() == types.size() ? types : new TypeVocabulary(names);
        return new Dataset(mapped, vocabulary, read.featureNames());
    }
}
