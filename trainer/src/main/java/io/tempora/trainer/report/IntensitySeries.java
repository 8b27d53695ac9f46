package io.tempora.trainer.report;

/**
 * An intensity evaluated on an {@link IntensityGrid}, in events per second.
 *
 * @param total  the total intensity at each point
 * @param byType {@code byType[k][p]}: type {@code k}'s intensity at point {@code p}; null when the types are not
 *               plotted (too many of them)
 */
public record IntensitySeries(double[] total, double[][] byType) {}
