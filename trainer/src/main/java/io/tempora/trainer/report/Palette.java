package io.tempora.trainer.report;

/** The report's colours (Tableau 10, distinguishable on screen and in grey), so that every plot reads alike. */
final class Palette {

    /** The fitted model's total intensity, and the train curves. */
    static final String FITTED = "#1f77b4";

    /** The true process's total intensity, and the held-out curves. */
    static final String TRUE = "#d62728";

    /** Totals and events without a type colour. */
    static final String NEUTRAL = "#444444";

    /** One colour per event type, in type order (repeating past the last). */
    private static final String[] TYPES = {
        "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"
    };

    private Palette() {}

    /** Type {@code k}'s colour. */
    static String type(int k) {
        return TYPES[k % TYPES.length];
    }
}
