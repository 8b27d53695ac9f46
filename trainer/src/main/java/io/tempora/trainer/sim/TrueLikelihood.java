package io.tempora.trainer.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.pp.PointProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The true process's negative log-likelihood of a simulated file, under the same convention as the model's figures
 * (README, "Likelihood convention"): time in seconds, each sequence's first event conditioned on and not scored, the
 * compensator from its first event to its last, each scored event's {@code log λ_k(t) − ∫λ} split into a time part
 * {@code log λ(t) − ∫λ} and a type part {@code log(λ_k(t)/λ(t))}. It is the floor a model fitted to the file can
 * approach, so {@code evaluate} prints it beside the model's figure.
 *
 * <p>The figures come from the process's exact filter along the file's events: the whole from
 * {@link PointProcess#logLikelihood(EventSequence, int, int)} over events {@code [1, n)} (its compensator
 * {@code Λ(t_{i-1}, t_i)} is each process's closed form, or model-core's adaptive quadrature where it has none, the
 * code path the model benchmark scores its processes with), the type part from
 * {@link PointProcess#typeDistributionsAtEvents}; the time part is their difference.
 *
 * @param process         the process's name ({@link SimulationSidecar#process()})
 * @param nllPerEvent     nats per scored event
 * @param nllTimePerEvent its time part
 * @param nllTypePerEvent its type part (0 for a process of one type)
 * @param events          the scored events (each sequence's size less one)
 */
public record TrueLikelihood(
        String process, double nllPerEvent, double nllTimePerEvent, double nllTypePerEvent, long events) {

    /**
     * The true process's figures on {@code data} read from {@code csv}, when {@code csv} has a
     * {@link SimulationSidecar}; empty when it has none, and empty with a {@code note} saying why when the sidecar
     * cannot be read or does not match the data (a file edited or replaced after {@code simulate} wrote it).
     */
    public static Optional<TrueLikelihood> forFile(Path csv, Dataset data, Consumer<String> note) {
        Optional<SimulationSidecar> sidecar;
        try {
            sidecar = SimulationSidecar.readFor(csv);
        } catch (IOException | IllegalArgumentException e) {
            note.accept("true_process is null: " + e.getMessage());
            return Optional.empty();
        }
        try {
            return sidecar.map(s -> of(s, data));
        } catch (IllegalArgumentException e) {
            note.accept("true_process is null: " + csv + " does not match its sidecar " + SimulationSidecar.pathFor(csv)
                    + " (process " + sidecar.get().process() + "): " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The true process's figures on {@code data} (times in epoch milliseconds, as {@link io.tempora.data.EventCsvReader}
     * gives them), whose type names must be the process's type ids ({@code "0".."K-1"}, as {@code simulate} writes).
     * Types of {@code data}'s vocabulary that no event has are not checked (a model's vocabulary may name more).
     *
     * @throws IllegalArgumentException if an event's type is not one of the process's, or a sequence starts before
     *                                  the sidecar's origin (the message says which and where)
     */
    public static TrueLikelihood of(SimulationSidecar sidecar, Dataset data) {
        PointProcess process = sidecar.benchmark().process();
        int[] processType = processTypes(data.types(), process.numTypes());
        double logSecondsPerUnit = Math.log(sidecar.secondsPerUnit());
        boolean marked = process.numTypes() > 1;
        double ll = 0;
        double llType = 0;
        long events = 0;
        for (EventSequence s : data.sequences()) {
            if (s.size() < 2) {
                continue; // its only event is conditioned on: nothing scored
            }
            EventSequence inProcessTime = inProcessTime(sidecar, s, data.types(), processType);
            int n = s.size();
            // per second: each scored density gains -log(seconds per unit); the compensator is unit-free
            ll += process.logLikelihood(inProcessTime, 1, n) - (n - 1) * logSecondsPerUnit;
            if (marked) {
                double[][] p = process.typeDistributionsAtEvents(inProcessTime, 1, n);
                for (int i = 1; i < n; i++) {
                    llType += Math.log(p[i - 1][inProcessTime.type(i)]);
                }
            }
            events += n - 1;
        }
        if (events == 0) {
            return new TrueLikelihood(sidecar.process(), Double.NaN, Double.NaN, Double.NaN, 0);
        }
        return new TrueLikelihood(sidecar.process(), -ll / events, -(ll - llType) / events, -llType / events, events);
    }

    /**
     * As {@code evaluate} prints it: {@code process}, {@code nll_per_event}, {@code nll_time_per_event},
     * {@code nll_type_per_event} (null when no event is scored) and {@code events}.
     */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("process", process);
        putFigure(o, "nll_per_event", nllPerEvent);
        putFigure(o, "nll_time_per_event", nllTimePerEvent);
        putFigure(o, "nll_type_per_event", nllTypePerEvent);
        o.put("events", events);
        return o;
    }

    private static void putFigure(ObjectNode o, String field, double value) {
        if (Double.isFinite(value)) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }

    /** The process's type id of each of the vocabulary's types, or -1 where a name is not one. */
    private static int[] processTypes(TypeVocabulary types, int processTypes) {
        int[] out = new int[types.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = -1;
            try {
                int id = Integer.parseInt(types.name(j));
                if (id >= 0 && id < processTypes && String.valueOf(id).equals(types.name(j))) {
                    out[j] = id;
                }
            } catch (NumberFormatException e) {
                // not a type id: -1, refused if an event has it
            }
        }
        return out;
    }

    private static EventSequence inProcessTime(
            SimulationSidecar sidecar, EventSequence s, TypeVocabulary names, int[] processType) {
        int n = s.size();
        double[] times = new double[n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            int id = processType[s.type(i)];
            if (id < 0) {
                throw new IllegalArgumentException("entity '" + s.entityId() + "', event " + i + ": the type '"
                        + names.name(s.type(i)) + "' is not one of the process " + sidecar.process() + "'s "
                        + sidecar.benchmark().process().numTypes() + " type ids");
            }
            times[i] = sidecar.processTime(s.time(i));
            types[i] = id;
        }
        if (!(times[0] >= 0)) {
            throw new IllegalArgumentException("entity '" + s.entityId() + "' starts at " + s.time(0)
                    + " ms, before the simulation's origin " + sidecar.origin()
                    + ": these events were not simulated as the sidecar says");
        }
        return EventSequence.of(s.entityId(), times, types);
    }
}
