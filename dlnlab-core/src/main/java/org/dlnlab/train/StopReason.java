package org.dlnlab.train;

import java.util.Locale;

/** Why a run ended, the same for every optimizer. */
public enum StopReason {
    /** Every step was taken (gradient descent, momentum) or the final time reached (flow). */
    COMPLETED,
    /** A {@link StopRule} was met. */
    STOP_RULE,
    /** A value became non-finite or the loss exceeded the divergence cap. */
    DIVERGED,
    /** The calling thread was interrupted; the last point reached is kept. */
    INTERRUPTED,
    /** The central flow's top two eigenvalues met while only one may be at the edge ({@link CentralFlow}). */
    EIGENVALUE_CROSSING;

    /** The name results carry: completed, stop_rule, diverged, interrupted, eigenvalue crossing. */
    public String label() {
        return this == EIGENVALUE_CROSSING ? "eigenvalue crossing" : name().toLowerCase(Locale.ROOT);
    }
}
