package io.tempora.trainer.report;

import io.tempora.data.Dataset;
import io.tempora.model.EventModel;
import io.tempora.model.train.TrainingResult;
import java.nio.file.Path;

/**
 * What a {@code fit} run had and made, from which its report is drawn.
 *
 * @param trainFile      the training CSV
 * @param validationFile the validation CSV, or null
 * @param modelFile      where the model was written
 * @param train          the training events
 * @param validation     the validation events (the model's type ids), or null
 * @param model          the trained model
 * @param result         the training's outcome and per-epoch history
 */
public record FitRun(
        Path trainFile,
        Path validationFile,
        Path modelFile,
        Dataset train,
        Dataset validation,
        EventModel model,
        TrainingResult result) {}
