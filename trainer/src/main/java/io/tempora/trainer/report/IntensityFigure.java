package io.tempora.trainer.report;

import io.tempora.data.EventSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plot of the intensity along one sequence: the fitted total (and each type's, when the types are plotted), the
 * true one where the data was simulated, and the events as markers on the time axis, coloured by type. Time is in
 * seconds since the sequence's first event, intensities in events per second.
 */
final class IntensityFigure {

    private IntensityFigure() {}

    /**
     * @param truth     the true intensity, or null (not simulated, or not recomputable)
     * @param typeNames the model's type names, by id
     * @param source    where the true intensity comes from, for the caption (ignored without {@code truth})
     */
    static Figure of(
            int index,
            EventSequence s,
            IntensityGrid grid,
            double dataUnitsPerSecond,
            IntensitySeries fitted,
            IntensitySeries truth,
            List<String> typeNames,
            String source) {
        double t0 = s.time(0);
        double[] x = new double[grid.size()];
        for (int p = 0; p < x.length; p++) {
            x[p] = (grid.times()[p] - t0) / dataUnitsPerSecond;
        }
        boolean byType = fitted.byType() != null;
        List<Figure.Series> series = new ArrayList<>();
        series.add(new Figure.Series("fitted, total", fitted.total(), Palette.FITTED, false, 2, Figure.Style.LINE));
        if (truth != null) {
            series.add(new Figure.Series("true, total", truth.total(), Palette.TRUE, true, 2, Figure.Style.LINE));
        }
        if (byType) {
            for (int k = 0; k < typeNames.size(); k++) {
                String name = typeNames.get(k);
                series.add(new Figure.Series(
                        "fitted, " + name, fitted.byType()[k], Palette.type(k), false, 1, Figure.Style.LINE));
                if (truth != null && truth.byType() != null) {
                    series.add(new Figure.Series(
                            "true, " + name, truth.byType()[k], Palette.type(k), true, 1, Figure.Style.LINE));
                }
            }
        }
        series.addAll(eventMarkers(s, grid, byType ? typeNames : null));
        String title = "Intensity along " + s.entityId()
                + (grid.events() < s.size()
                        ? " (its first " + grid.events() + " of " + s.size() + " events)"
                        : " (its " + s.size() + " events)");
        String caption = "Events per second against seconds since the sequence's first event (conditioned on, so "
                + "nothing is drawn before it). Fitted: the model's streaming scorer observes the events in order and "
                + "reads the intensity between them without changing its state; it jumps at each event (two points "
                + "at the event's time: just before and just after). Events are marked on the time axis"
                + (byType ? ", coloured by type" : "") + "."
                + (truth != null
                        ? " True: the conditional intensity of " + source + ", recomputed along the same " + "events."
                        : "")
                + " Drag to zoom, double-click to reset.";
        return new Figure(
                "intensity-" + index,
                title,
                caption,
                "seconds since the first event",
                "events per second",
                true,
                false,
                x,
                series);
    }

    /** One marker series per type (all in one when {@code typeNames} is null), at each event's time, on the axis. */
    private static List<Figure.Series> eventMarkers(EventSequence s, IntensityGrid grid, List<String> typeNames) {
        int groups = typeNames == null ? 1 : typeNames.size();
        double[][] markers = new double[groups][grid.size()];
        for (double[] m : markers) {
            Arrays.fill(m, Double.NaN);
        }
        int seen = 0;
        for (int p = 0; p < grid.size(); p++) {
            if (grid.observed()[p] > seen) { // the first point after event seen: the event's own time
                seen = grid.observed()[p];
                markers[typeNames == null ? 0 : s.type(seen - 1)][p] = 0;
            }
        }
        List<Figure.Series> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String label = typeNames == null ? "events" : "events: " + typeNames.get(g);
            String color = typeNames == null ? Palette.NEUTRAL : Palette.type(g);
            out.add(new Figure.Series(label, markers[g], color, false, 1, Figure.Style.MARKERS));
        }
        return out;
    }
}
