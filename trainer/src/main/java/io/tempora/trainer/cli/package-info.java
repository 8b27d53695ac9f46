/** The {@code ./tempora} launcher with the trainer's commands: {@code fit} and {@code evaluate}. */
package io.tempora.trainer.cli;
