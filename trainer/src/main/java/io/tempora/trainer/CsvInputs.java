package io.tempora.trainer;

import io.tempora.data.Dataset;
import io.tempora.data.EventCsvReader;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

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
     * A file to score with a model of vocabulary {@code types}: its type names mapped to the model's ids.
     *
     * @throws io.tempora.data.CsvFormatException listing every malformed row
     * @throws UnseenTypesException              if some events have types outside {@code types}
     */
    public static Dataset readForModel(Path file, TypeVocabulary types) throws IOException {
        Dataset read = EventCsvReader.create().read(file);
        TypeVocabulary own = read.types();
        int[] toModel = new int[own.size()];
        for (int j = 0; j < own.size(); j++) {
            toModel[j] = types.idOrMinusOne(own.name(j));
        }
        long unseenEvents = 0;
        TreeSet<String> unseen = new TreeSet<>();
        List<EventSequence> mapped = new ArrayList<>(read.sequences().size());
        for (EventSequence s : read.sequences()) {
            int[] ids = new int[s.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = toModel[s.type(i)];
                if (ids[i] < 0) {
                    unseenEvents++;
                    unseen.add(own.name(s.type(i)));
                }
            }
            if (unseen.isEmpty()) {
                mapped.add(new EventSequence(s.entityId(), s.times(), ids, s.features()));
            }
        }
        if (unseenEvents > 0) {
            throw new UnseenTypesException(file.toString(), unseenEvents, List.copyOf(unseen), types.size());
        }
        return new Dataset(mapped, types, read.featureNames());
    }
}
