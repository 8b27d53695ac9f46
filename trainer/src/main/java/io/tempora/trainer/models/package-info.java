/**
 * Model versions on the {@code model-parameters} topic as the trainer sees them: the whole topic read into a
 * {@link io.tempora.trainer.models.ModelHistory} of {@link io.tempora.trainer.models.ModelVersion}s (validated as the
 * streams app validates them, and which one it would serve), and new versions written by
 * {@link io.tempora.trainer.models.VersionPublisher} as the newest plus one, validated before they are produced.
 */
package io.tempora.trainer.models;
