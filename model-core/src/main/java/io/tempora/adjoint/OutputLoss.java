package io.tempora.adjoint;

/**
 * A loss that is a sum of terms, one per output time: {@code L = Σ_i ℓ_i(y(t_i))}.
 *
 * <p>Both gradient methods call it once per output time, in the order the times were given,
 * after the forward solve and before the backward pass.
 */
@FunctionalInterface
public interface OutputLoss {

    /**
     * Computes the term at output time number {@code i}.
     *
     * @param i     the index of the output time
     * @param t     the output time
     * @param y     the solved state at {@code t}, read only
     * @param dLdy  receives {@code ∂ℓ_i/∂y}; zero-filled on entry
     * @return the term's value {@code ℓ_i(y)}
     */
    double term(int i, double t, double[] y, double[] dLdy);
}
