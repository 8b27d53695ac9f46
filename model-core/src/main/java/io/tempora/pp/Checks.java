package io.tempora.pp;

/** Argument checks shared by the filters. */
final class Checks {

    private Checks() {}

    static void event(double t, int type, double time, int numTypes) {
        if (!(t >= time) || !Double.isFinite(t)) {
            throw new IllegalArgumentException("event at time " + t + " is before the last observed event at " + time
                    + " (or not finite); observe events in time order");
        }
        if (type < 0 || type >= numTypes) {
            throw new IllegalArgumentException("event type " + type + " is outside [0, " + numTypes + ")");
        }
    }

    static void type(int type, int numTypes) {
        if (type < 0 || type >= numTypes) {
            throw new IllegalArgumentException("event type " + type + " is outside [0, " + numTypes + ")");
        }
    }

    static void notBefore(double t, double time) {
        if (!(t >= time)) {
            throw new IllegalArgumentException(
                    "time " + t + " is before the last observed event at " + time + "; the filter only looks forward");
        }
    }

    static double positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
        return v;
    }
}
