package io.tempora.model.train;

/** Receives progress from {@link Trainer}, on the training thread. */
@FunctionalInterface
public interface TrainingListener {

    /** Does nothing. */
    TrainingListener NONE = report -> {};

    /** After every epoch (and once for epoch 0, the untrained model's validation NLL). */
    void onEpoch(EpochReport report);
}
