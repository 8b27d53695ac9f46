package io.tempora.model.train;

/**
 * Progress after one epoch. NLLs are per event, in nats, in the data's own time unit (comparable
 * with a true process's likelihood of the same events).
 *
 * @param epoch                   1-based (0: the model before training)
 * @param trainNll                mean NLL per event over the epoch's mini-batches (as they were
 *                                scored, before each one's update); NaN for epoch 0
 * @param validationNll           NLL per event of the held-out tails after the epoch; NaN without validation
 * @param forwardEvaluationsPerEvent  forward solver evaluations per training event: grows as the
 *                                dynamics become more demanding during training (Chen et al. 2018, §3)
 * @param backwardEvaluationsPerEvent backward evaluations per training event
 * @param learningRate            the learning rate used in the epoch
 * @param seconds                 wall time of the epoch (training and validation)
 * @param improved                whether the validation NLL is the best so far
 */
public record EpochReport(
        int epoch,
        double trainNll,
        double validationNll,
        double forwardEvaluationsPerEvent,
        double backwardEvaluationsPerEvent,
        double learningRate,
        double seconds,
        boolean improved) {

    @Override
    public String toString() {
        return String.format(
                "epoch %d: train %.5f, validation %.5f nats/event, nfe fwd %.1f bwd %.1f /event, lr %.2g, %.1f s%s",
                epoch,
                trainNll,
                validationNll,
                forwardEvaluationsPerEvent,
                backwardEvaluationsPerEvent,
                learningRate,
                seconds,
                improved ? " *" : "");
    }
}
