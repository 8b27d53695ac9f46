package io.tempora.pp;

/**
 * {@code r(t) = base + amplitude * sin(2 pi t / period)} with {@code |amplitude| <= base}; the integral in
 * closed form, written as a product so that short intervals far from 0 keep their precision:
 * <pre>
 *   integral_a^b r = base (b - a) + amplitude (P / pi) sin(pi (a + b) / P) sin(pi (b - a) / P)
 * </pre>
 * Omi, Ueda &amp; Aihara (2019) use {@code base = 1, amplitude = 0.99, period = 20000}.
 */
public record SinusoidalRate(double base, double amplitude, double period) implements RateFunction {

    public SinusoidalRate {
        Checks.positive("base", base);
        Checks.positive("period", period);
        if (!(Math.abs(amplitude) <= base)) {
            throw new IllegalArgumentException("|amplitude| must be <= base so the rate stays >= 0, got amplitude "
                    + amplitude + ", base " + base);
        }
    }

    @Override
    public double rate(double t) {
        return base + amplitude * Math.sin(2 * Math.PI * t / period);
    }

    @Override
    public double integral(double a, double b) {
        return base * (b - a)
                + amplitude
                        * (period / Math.PI)
                        * Math.sin(Math.PI * (a + b) / period)
                        * Math.sin(Math.PI * (b - a) / period);
    }

    @Override
    public double upperBound() {
        return base + Math.abs(amplitude);
    }
}
