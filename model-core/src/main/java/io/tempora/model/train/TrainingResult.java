package io.tempora.model.train;

import io.tempora.model.EventModel;
import java.util.List;

/**
 * What {@link Trainer#train} returns.
 *
 * @param model             the trained model (the one passed in, holding the best parameters)
 * @param bestEpoch         the epoch whose parameters were kept (0: none improved on the start)
 * @param bestValidationNll its validation NLL per event (data units), NaN without validation
 * @param history           one report per epoch, epoch 0 first
 * @param trainEvents       training events per epoch
 * @param seconds           total wall time
 */
public record TrainingResult(
        EventModel model,
        int bestEpoch,
        double bestValidationNll,
        List<EpochReport> history,
        long trainEvents,
        double seconds) {

    public TrainingResult {
        history = List.copyOf(history);
    }
}
