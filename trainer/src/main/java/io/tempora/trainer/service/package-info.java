/**
 * The training service behind {@code ./tempora train}: reads a window of the events topic, trains a new model version
 * with adjoint gradients (warm-starting from the version the streams app serves), compares it with that version on
 * held-out entities, and publishes it to the models topic only if it is better by a configured margin
 * ({@link io.tempora.trainer.service.TrainingRun}); once or on a schedule, riding out broker and registry outages
 * ({@link io.tempora.trainer.service.TrainService}). Configured Kafka style
 * ({@link io.tempora.trainer.service.TrainerConfig}).
 */
package io.tempora.trainer.service;
