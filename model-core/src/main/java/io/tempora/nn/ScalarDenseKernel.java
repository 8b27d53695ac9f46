package io.tempora.nn;

/**
 * A dense affine layer in plain Java, {@code out = b + W x} with {@code W} row-major in a flat parameter
 * vector, every output summed left to right with a multiply then an add (the contract every plain path
 * relies on to be bit-identical: {@link Linear#forward}, {@link ScalarFieldKernel}). Eight rows are summed
 * together (eight independent add chains keep the floating-point units busy; one row at a time runs at
 * the latency of one add per term), then the rest up to four at a time.
 */
public final class ScalarDenseKernel {

    private ScalarDenseKernel() {}

    /**
     * {@code out = W x + b} for the row-major {@code rows × in} matrix at {@code theta[w..]} and the
     * bias at {@code theta[b..]}, every row summed left to right (also {@link Linear#forward}).
     */
    static void affine(double[] theta, int w, int b, int in, int rows, double[] x, double[] out) {
        int o = 0;
        for (; o + 7 < rows; o += 8) {
            double s0 = theta[b + o];
            double s1 = theta[b + o + 1];
            double s2 = theta[b + o + 2];
            double s3 = theta[b + o + 3];
            double s4 = theta[b + o + 4];
            double s5 = theta[b + o + 5];
            double s6 = theta[b + o + 6];
            double s7 = theta[b + o + 7];
            int r0 = w + o * in;
            int r1 = r0 + in;
            int r2 = r1 + in;
            int r3 = r2 + in;
            int r4 = r3 + in;
            int r5 = r4 + in;
            int r6 = r5 + in;
            int r7 = r6 + in;
            for (int i = 0; i < in; i++) {
                double xi = x[i];
                s0 += theta[r0 + i] * xi;
                s1 += theta[r1 + i] * xi;
                s2 += theta[r2 + i] * xi;
                s3 += theta[r3 + i] * xi;
                s4 += theta[r4 + i] * xi;
                s5 += theta[r5 + i] * xi;
                s6 += theta[r6 + i] * xi;
                s7 += theta[r7 + i] * xi;
            }
            out[o] = s0;
            out[o + 1] = s1;
            out[o + 2] = s2;
            out[o + 3] = s3;
            out[o + 4] = s4;
            out[o + 5] = s5;
            out[o + 6] = s6;
            out[o + 7] = s7;
        }
        // The rest (e.g. a whole intensity head of K = 3 rows): all of them in one pass, up to four chains.
        while (o < rows) {
            int m = Math.min(4, rows - o);
            double s0 = theta[b + o];
            double s1 = m > 1 ? theta[b + o + 1] : 0;
            double s2 = m > 2 ? theta[b + o + 2] : 0;
            double s3 = m > 3 ? theta[b + o + 3] : 0;
            int r0 = w + o * in;
            // Rows past m read row 0 again (always in range) and are discarded.
            int r1 = m > 1 ? r0 + in : r0;
            int r2 = m > 2 ? r0 + 2 * in : r0;
            int r3 = m > 3 ? r0 + 3 * in : r0;
            for (int i = 0; i < in; i++) {
                double xi = x[i];
                s0 += theta[r0 + i] * xi;
                s1 += theta[r1 + i] * xi;
                s2 += theta[r2 + i] * xi;
                s3 += theta[r3 + i] * xi;
            }
            out[o] = s0;
            if (m > 1) {
                out[o + 1] = s1;
            }
            if (m > 2) {
                out[o + 2] = s2;
            }
            if (m > 3) {
                out[o + 3] = s3;
            }
            o += m;
        }
    }
}
