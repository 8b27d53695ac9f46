/**
 * The {@code ./tempora} launcher ({@link io.tempora.trainer.cli.TemporaMain}): the trainer's commands {@code fit},
 * {@code evaluate}, {@code simulate}, {@code models} ({@code list}, {@code publish}, {@code promote},
 * {@code rollback}) and {@code train}, beside the streams app's {@code serve}.
 */
package io.tempora.trainer.cli;
