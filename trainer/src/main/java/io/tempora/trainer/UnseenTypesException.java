package io.tempora.trainer;

import java.util.List;

/**
 * Events of a file to score have types the model was not trained on. The model has no treatment for such events
 * (its intensity head has one output per trained type), so they are refused as a whole, with their count, rather
 * than scored under a made-up rule or dropped silently.
 */
public final class UnseenTypesException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** How many unseen type names the message lists. */
    static final int NAMES_SHOWN = 5;

    private final long events;
    private final transient List<String> types;

    /**
     * @param source a name for the input
     * @param events how many events have an unseen type
     * @param types  the unseen type names, sorted
     */
    public UnseenTypesException(String source, long events, List<String> types, int trainedTypes) {
        super(message(source, events, types, trainedTypes));
        this.events = events;
        this.types = List.copyOf(types);
    }

    /** How many events have an unseen type. */
    public long events() {
        return events;
    }

    /** The unseen type names, sorted. */
    public List<String> types() {
        return types;
    }

    private static String message(String source, long events, List<String> types, int trainedTypes) {
        return events + (events == 1 ? " event" : " events") + " in " + source + " of " + types.size()
                + (types.size() == 1 ? " type" : " types") + " the model was not trained on ("
                + String.join(", ", types.subList(0, Math.min(NAMES_SHOWN, types.size())))
                + (types.size() > NAMES_SHOWN ? ", ..." : "") + "; the model knows " + trainedTypes
                + " types); the model has no treatment for unseen types, so the file is not scored";
    }
}
