package io.tempora.trainer.report;

import java.util.List;
import java.util.Objects;

/**
 * One plot of the report: curves over a shared x axis (uPlot's aligned data), drawn in the page by its inlined
 * script.
 *
 * @param id        the element id of the plot in the page (letters, digits and hyphens)
 * @param title     the heading above it
 * @param caption   what it shows, below it
 * @param xLabel    the x axis's label
 * @param yLabel    the y axis's label
 * @param yFromZero whether the y axis starts at 0 (intensities) rather than at the data's minimum
 * @param integerX  whether the x values are whole numbers (epochs), so the axis ticks only those
 * @param x         the x values, non-decreasing
 * @param series    the curves, each with a value (or NaN: none) per x
 */
public record Figure(
        String id,
        String title,
        String caption,
        String xLabel,
        String yLabel,
        boolean yFromZero,
        boolean integerX,
        double[] x,
        List<Series> series) {

    public Figure {
        if (!id.matches("[A-Za-z][A-Za-z0-9-]*")) {
            throw new IllegalArgumentException("a figure id is letters, digits and hyphens, got '" + id + "'");
        }
        series = List.copyOf(series);
        for (Series s : series) {
            if (s.values().length != x.length) {
                throw new IllegalArgumentException("the series '" + s.label() + "' of figure " + id + " has "
                        + s.values().length + " values for " + x.length + " x values");
            }
        }
    }

    /** How a curve is drawn. */
    public enum Style {
        /** A line. */
        LINE,
        /** A line with a marker at every value. */
        LINE_AND_POINTS,
        /** Markers only (the events). */
        MARKERS
    }

    /**
     * One curve.
     *
     * @param label  its name in the legend
     * @param values one per x value; NaN where it has none
     * @param color  a CSS colour
     * @param dashed whether the line is dashed
     * @param width  the line's width, CSS pixels
     * @param style  how it is drawn
     */
    public record Series(String label, double[] values, String color, boolean dashed, double width, Style style) {

        public Series {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(color, "color");
            Objects.requireNonNull(style, "style");
        }
    }
}
