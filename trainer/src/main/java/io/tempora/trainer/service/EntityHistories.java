package io.tempora.trainer.service;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The entities' histories of a run's window, before they are mapped to a model's vocabulary: each entity's events
 * sorted by event time (ties keep the order read), a repeated {@code eventId} of the entity dropped (counted as
 * {@code DUPLICATE}, as the streams app dead-letters it), and only the newest {@code maxPerEntity} events kept.
 */
final class EntityHistories {

    private final Map<String, List<WindowEvent>> histories;
    private final long capped;

    private EntityHistories(Map<String, List<WindowEvent>> histories, long capped) {
        this.histories = histories;
        this.capped = capped;
    }

    /**
     * Builds the histories of {@code byEntity}, counting duplicates in {@code bad}.
     *
     * @param maxPerEntity the most events kept per entity, its newest
     */
    static EntityHistories of(Map<String, List<WindowEvent>> byEntity, int maxPerEntity, BadEvents bad) {
        Map<String, List<WindowEvent>> out = new LinkedHashMap<>();
        long capped = 0;
        for (Map.Entry<String, List<WindowEvent>> e : byEntity.entrySet()) {
            List<WindowEvent> sorted = new ArrayList<>(e.getValue());
            sorted.sort(Comparator.comparingLong(WindowEvent::timeMs)); // stable: ties keep the order read
            Set<String> ids = new HashSet<>();
            List<WindowEvent> kept = new ArrayList<>(sorted.size());
            for (WindowEvent w : sorted) {
                if (w.eventId() != null && !ids.add(w.eventId())) {
                    bad.add(
                            "DUPLICATE",
                            "entity '" + e.getKey() + "'",
                            "event id '" + w.eventId() + "' appears more than once");
                    continue;
                }
                kept.add(w);
            }
            if (kept.size() > maxPerEntity) {
                capped += kept.size() - maxPerEntity;
                kept = kept.subList(kept.size() - maxPerEntity, kept.size());
            }
            out.put(e.getKey(), List.copyOf(kept));
        }
        return new EntityHistories(out, capped);
    }

    /** Number of entities. */
    int entities() {
        return histories.size();
    }

    /** Number of events kept. */
    long events() {
        long n = 0;
        for (List<WindowEvent> h : histories.values()) {
            n += h.size();
        }
        return n;
    }

    /** Events left out because their entity had more than the per-entity cap (the oldest ones). */
    long capped() {
        return capped;
    }

    /** The type names that occur, sorted. */
    TreeSet<String> typeNames() {
        TreeSet<String> names = new TreeSet<>();
        histories.values().forEach(h -> h.forEach(w -> names.add(w.type())));
        return names;
    }

    /**
     * The mean of each of {@code names} over the events that carry it (0 for a feature no event carries): what a
     * new model imputes for an event without it.
     */
    double[] featureMeans(List<String> names) {
        double[] sum = new double[names.size()];
        long[] count = new long[names.size()];
        for (List<WindowEvent> h : histories.values()) {
            for (WindowEvent w : h) {
                for (int j = 0; j < names.size(); j++) {
                    Double v = w.features().get(names.get(j));
                    if (v != null) {
                        sum[j] += v;
                        count[j]++;
                    }
                }
            }
        }
        double[] mean = new double[names.size()];
        for (int j = 0; j < mean.length; j++) {
            mean[j] = count[j] == 0 ? 0 : sum[j] / count[j];
        }
        return mean;
    }

    /**
     * The histories as a dataset of {@code types} (every type that occurs must be in it) and the features
     * {@code featureNames}, an event without one taking {@code imputed[j]}, as the streams app imputes. Times are
     * epoch milliseconds, as model-core's CSV reader gives them.
     *
     * @throws IllegalArgumentException if a type that occurs is not in {@code types}
     */
    Dataset toDataset(TypeVocabulary types, List<String> featureNames, double[] imputed) {
        List<EventSequence> sequences = new ArrayList<>(histories.size());
        for (Map.Entry<String, List<WindowEvent>> e : histories.entrySet()) {
            List<WindowEvent> h = e.getValue();
            double[] times = new double[h.size()];
            int[] ids = new int[h.size()];
            double[][] features = new double[h.size()][featureNames.size()];
            for (int i = 0; i < h.size(); i++) {
                WindowEvent w = h.get(i);
                times[i] = w.timeMs();
                ids[i] = types.id(w.type());
                for (int j = 0; j < featureNames.size(); j++) {
                    Double v = w.features().get(featureNames.get(j));
                    features[i][j] = v == null ? imputed[j] : v;
                }
            }
            sequences.add(new EventSequence(e.getKey(), times, ids, features));
        }
        return new Dataset(sequences, types, featureNames);
    }
}
