/** The {@code ./tempora} launcher with the trainer's commands: {@code fit}, {@code evaluate} and {@code train}. */
package io.tempora.trainer.cli;
