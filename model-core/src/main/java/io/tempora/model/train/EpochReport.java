package io.tempora.model.train;

/**
 * Progress after one epoch. NLLs are per event, in nats, in the data's own time unit (comparable
 * with a true process's likelihood of the same events).
 *
 * @param epoch                   1-based (0: the model before training)
 * @param trainNll                mean NLL per event over the epoch's mini-batches (as they were
 *                                scored, before each one's update); NaN for epoch 0
 * @param validationNll           NLL per event of the validation events after the epoch (the held-out tails, or
 *                                the explicit validation sequences); NaN without validation
 * @param validationEvents        the events {@code validationNll} averages over
 * @param validationPartial       whether the validation pass reached the time budget's deadline before scoring
 *                                every validation event (the figure is then over fewer events and does not count
 *                                for early stopping)
 * @param forwardEvaluationsPerEvent  forward solver evaluations per training event: grows as the
 *                                dynamics become more demanding during training (Chen et al. 2018, §3)
 * @param backwardEvaluationsPerEvent backward evaluations per training event
 * @param learningRate            the learning rate used in the epoch
 * @param seconds                 wall time of the epoch (training and validation)
 * @param eventsPerSecond         training events per second of the epoch's mini-batches (validation excluded);
 *                                NaN for epoch 0
 * @param cut                     whether the time budget stopped the epoch before its last mini-batch
 * @param improved                whether the validation NLL is the best so far
 */
public record EpochReport(
        int epoch,
        double trainNll,
        double validationNll,
        long validationEvents,
        boolean validationPartial,
        double forwardEvaluationsPerEvent,
        double backwardEvaluationsPerEvent,
        double learningRate,
        double seconds,
        double eventsPerSecond,
        boolean cut,
        boolean improved) {

    @Override
    public String toString() {
        return String.format(
                "epoch %d: train %.5f, validation %.5f nats/event%s, nfe fwd %.1f bwd %.1f /event, lr %.2g, "
                        + "%.0f events/s, %.1f s%s%s",
                epoch,
                trainNll,
                validationNll,
                validationPartial ? " (partial: " + validationEvents + " events)" : "",
                forwardEvaluationsPerEvent,
                backwardEvaluationsPerEvent,
                learningRate,
                eventsPerSecond,
                seconds,
                cut ? " (cut by the time budget)" : "",
                improved ? " *" : "");
    }
}
