/**
 * The training report {@code fit} writes next to the model: one self-contained HTML page with uPlot's plots of the
 * training history and of the fitted (and, for simulated data, the true) intensity along a few sequences.
 */
package io.tempora.trainer.report;
