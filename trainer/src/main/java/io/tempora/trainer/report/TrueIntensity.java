package io.tempora.trainer.report;

import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.pp.ConditionalIntensity;
import io.tempora.trainer.sim.SimulationSidecar;

/**
 * The true conditional intensity along a simulated sequence: the process named by the file's
 * {@link SimulationSidecar} filters the sequence's events from its time 0 ({@link ConditionalIntensity}), and is
 * read at each grid point. The data's type names are the process's type ids ({@code "0".."K-1"}), as
 * {@code simulate} writes them.
 */
public final class TrueIntensity {

    private TrueIntensity() {}

    /**
     * The process's type id of each of the data's types.
     *
     * @throws IllegalArgumentException if a type name is not a type id of a process of {@code processTypes} types
     */
    public static int[] processTypes(TypeVocabulary types, int processTypes) {
        int[] out = new int[types.size()];
        for (int j = 0; j < out.length; j++) {
            String name = types.name(j);
            int id;
            try {
                id = Integer.parseInt(name);
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id < 0 || id >= processTypes) {
                throw new IllegalArgumentException("the type '" + name + "' is not one of the process's " + processTypes
                        + " types (0.." + (processTypes - 1) + ")");
            }
            out[j] = id;
        }
        return out;
    }

    /**
     * The intensity on {@code grid} (built over {@code s}, times in epoch milliseconds), per second.
     *
     * @param processType the process's type of each of the data's types ({@link #processTypes})
     * @param withTypes   whether to keep each data type's intensity as well as the total
     * @throws IllegalArgumentException if the sequence starts before the sidecar's origin
     */
    public static IntensitySeries along(
            SimulationSidecar sidecar, EventSequence s, IntensityGrid grid, int[] processType, boolean withTypes) {
        if (grid.size() > 0 && !(sidecar.processTime(s.time(0)) >= 0)) {
            throw new IllegalArgumentException("its first event is at " + s.time(0) + " ms, before the simulation's "
                    + "origin " + sidecar.origin() + ": these events were not simulated as the sidecar says");
        }
        ConditionalIntensity filter = sidecar.benchmark().process().start();
        double perSecond = 1 / sidecar.secondsPerUnit();
        double[] total = new double[grid.size()];
        double[][] byType = withTypes ? new double[processType.length][grid.size()] : null;
        int observed = 0;
        for (int p = 0; p < grid.size(); p++) {
            for (; observed < grid.observed()[p]; observed++) {
                filter.observe(sidecar.processTime(s.time(observed)), processType[s.type(observed)]);
            }
            double t = sidecar.processTime(grid.times()[p]);
            total[p] = filter.totalIntensity(t) * perSecond;
            if (withTypes) {
                for (int j = 0; j < processType.length; j++) {
                    byType[j][p] = filter.intensity(processType[j], t) * perSecond;
                }
            }
        }
        return new IntensitySeries(total, byType);
    }
}
