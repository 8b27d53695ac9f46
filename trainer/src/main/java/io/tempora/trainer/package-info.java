/**
 * Training and evaluation from files: the likelihood convention every figure uses ({@link
 * io.tempora.trainer.Evaluator}), reading CSV files against a trained model's types ({@link
 * io.tempora.trainer.CsvInputs}), and the command line ({@link io.tempora.trainer.cli}).
 */
package io.tempora.trainer;
