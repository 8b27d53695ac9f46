package io.tempora.model.train;

import io.tempora.adjoint.AdjointMethod;
import io.tempora.adjoint.DirectBackprop;
import io.tempora.adjoint.GradientMethod;
import io.tempora.ode.SolverSettings;

/** How training differentiates through the ODE segments. */
public enum GradientChoice {
    /** The adjoint method with the seminorm (memory constant in the steps; Chen et al. 2018; Kidger et al. 2021). */
    ADJOINT {
        @Override
        public GradientMethod create(SolverSettings settings) {
            return AdjointMethod.of(settings).seminorm(true);
        }
    },
    /** Backpropagation through the solver's steps (the exact gradient of the discrete solution). */
    DIRECT_BACKPROP {
        @Override
        public GradientMethod create(SolverSettings settings) {
            return new DirectBackprop(settings);
        }
    };

    /** A new (single-thread) gradient method with these solver settings. */
    public abstract GradientMethod create(SolverSettings settings);
}
