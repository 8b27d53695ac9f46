package io.tempora.streams.processor;

import io.tempora.model.EventModel;
import java.util.Objects;

/**
 * A validated model version as the stream threads see it. The {@link EventModel} is shared read-only:
 * each processor builds its own scorer from it and nothing writes to its parameters.
 *
 * @param name    the model's name (the key of its versions on the models topic)
 * @param version its version number
 * @param model   the model
 */
public record ModelHandle(String name, long version, EventModel model) {

    public ModelHandle {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
    }
}
